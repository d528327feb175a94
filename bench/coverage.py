"""Word coverage of the third-party corpus in the plain text, and repeated note markers (issue 17).

For every TEI P5 file of each corpus folder: builds the plain text (`edition build --format txt`), then counts the
words of the source's text the reading view must show against the words of its `.reading.txt` (as a multiset)
and the note labels that begin more than one note entry. The rules are in tests/wordcoverage.py.

    python bench/coverage.py [--corpus ../shared/corpus] [--jobs 2] [--worst 15] [NAME ...]

NAME: corpus folders to measure (default: all three). Prints, per corpus: the TEI P5 files, the files the build
made no plain text of, the words, the coverage, the files below 99.9% and the files with repeated markers; then
the worst files with the words they lack, and the files with repeated markers. Nothing is written outside a
temporary folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EDITION = Path(sys.executable).parent / "edition"
CORPORA = ("tei-stylesheets-tests", "tillich-briefe", "eltec-fra")
SUFFIXES = (".xml", ".tei", ".odd")  # .odd files are TEI too; a folder build finds only .xml and .tei
BUILT_FROM_FOLDER = (".xml", ".tei")

sys.path.insert(0, str(REPO / "tests"))
from wordcoverage import THRESHOLD, Document, FileResult, locate_outputs, measure  # noqa: E402

from pipeline.xmlload import SourceError, load  # noqa: E402


def read_corpus(folder: Path) -> tuple[list[Document], dict[Path, str]]:
    """The TEI P5 documents of a folder, and the other files with why they are not measured."""
    documents, others = [], {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(folder).parts)):
        try:
            source = load(path)
        except SourceError as error:
            others[path] = error.problem.message
            continue
        if not source.is_tei:
            others[path] = f"not TEI P5 (root element <{source.root.tag}>)"
            continue
        documents.append(Document.read(path, source.root, folder))
    return documents, others


def edition_build(out: Path, paths: list[Path], jobs: int) -> list[str]:
    """Run the build of the plain text; its error lines."""
    done = subprocess.run([str(EDITION), "build", "--format", "txt", "--jobs", str(jobs), "--out", str(out),
                           *map(str, paths)], capture_output=True, text=True, cwd=out.parent)
    return [line for line in done.stderr.splitlines() if ": error: " in line]


def build_and_measure(folder: Path, documents: list[Document], work: Path, jobs: int) -> tuple[list[FileResult], dict]:
    """Build the folder (and the TEI files a folder build does not pick up), then again, apart, the documents
    that got no plain text of their own (e.g. two files with one id); measure each. Returns the results and,
    for documents still without a plain text, the build's error line about them."""
    extra = [d.path for d in documents if d.path.suffix not in BUILT_FROM_FOLDER]
    errors = edition_build(work / "out", [folder, *extra], jobs)
    outputs = locate_outputs(documents, work / "out")
    retry = [d for d in documents if outputs[d.path] is None]
    batches: list[dict[str, Document]] = []  # documents with distinct names in each
    for document in retry:
        batch = next((b for b in batches if document.names[-1] not in b), None)
        if batch is None:
            batches.append(batch := {})
        batch[document.names[-1]] = document
    for number, batch in enumerate(batches, 1):
        out = work / f"apart{number}"
        errors += edition_build(out, [d.path for d in batch.values()], jobs)
        outputs.update({p: o for p, o in locate_outputs(list(batch.values()), out).items() if o is not None})
    why = {d.path: next((e for e in errors if e.startswith(f"{d.path}:")), "no plain text found")
           for d in documents if outputs[d.path] is None}
    return [measure(d, outputs[d.path]) for d in documents], why


def percent(found: int, total: int) -> str:
    return f"{100.0 * found / total:.3f}" if total else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=list(CORPORA), help="corpus folders (default: all three)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus", help="the folder holding them")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=15, help="how many of the worst files to list")
    args = parser.parse_args()

    results: dict[str, list[FileResult]] = {}
    unbuilt: dict[Path, str] = {}
    print(f"{'corpus':24} {'TEI P5':>7} {'no text':>7} {'words':>10} {'coverage %':>10} "
          f"{'<' + str(THRESHOLD) + '%':>8} {'repeated':>8}   (files not TEI P5)")
    for name in args.names:
        folder = (args.corpus / name).resolve()
        documents, others = read_corpus(folder)
        with tempfile.TemporaryDirectory(prefix="edition-coverage-") as work:
            results[name], why = build_and_measure(folder, documents, Path(work), args.jobs)
        unbuilt.update(why)
        measured = [r for r in results[name] if r.coverage]
        expected = sum(sum(r.document.expected.values()) for r in results[name])
        found = sum(r.coverage.found for r in measured)
        print(f"{name:24} {len(documents):7} {len(documents) - len(measured):7} {expected:10} "
              f"{percent(found, expected):>10} {sum(r.below_threshold for r in results[name]):8} "
              f"{sum(bool(r.repeated) for r in results[name]):8}   ({len(others)})", flush=True)
    everything = [r for rs in results.values() for r in rs]
    expected = sum(sum(r.document.expected.values()) for r in everything)
    found = sum(r.coverage.found for r in everything if r.coverage)
    print(f"{'all':24} {len(everything):7} {sum(r.coverage is None for r in everything):7} {expected:10} "
          f"{percent(found, expected):>10} {sum(r.below_threshold for r in everything):8} "
          f"{sum(bool(r.repeated) for r in everything):8}")

    def shown(path: Path) -> str:
        return str(path.relative_to(args.corpus.resolve())) if path.is_relative_to(args.corpus.resolve()) else str(path)

    print(f"\nWorst files (coverage %, words missing of words expected, the words missing most often):")
    ranked = sorted(everything, key=lambda r: (r.coverage.percent if r.coverage else -1.0, shown(r.document.path)))
    for r in ranked[:args.worst]:
        if r.coverage is None:
            print(f"  {'-':>8}  {shown(r.document.path)}: no plain text: {unbuilt.get(r.document.path, '')}")
            continue
        lacking = ", ".join(f"{w}×{n}" for w, n in r.coverage.missing.most_common(8))
        print(f"  {r.coverage.percent:8.3f}  {shown(r.document.path)}: {r.coverage.expected - r.coverage.found} "
              f"of {r.coverage.expected}: {lacking}")

    repeated = [r for r in everything if r.repeated]
    print(f"\nFiles with repeated note markers: {len(repeated)}")
    for r in sorted(repeated, key=lambda r: -sum(r.repeated.values()))[:args.worst]:
        labels = Counter(r.repeated)
        print(f"  {shown(r.document.path)}: " + ", ".join(f"[{l}]×{n}" for l, n in labels.most_common(8))
              + (f" (and {len(labels) - 8} more labels)" if len(labels) > 8 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
