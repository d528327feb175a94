"""The pipeline's benchmark: prints throughput per stage, full-build wall times and memory, beside the references
(lxml's parse floor, jing against TEI all).

It makes its own corpus in a temporary folder: the edition's sources and every file of the third-party corpus
that the loader accepts as TEI, copied again and again with fresh ids until it has --documents documents or
--megabytes MB. Then, in one run:

- per stage, one process, over one copy of each distinct document: MB/s for parse (the hardened loader, and
  plain lxml as the floor), validation with the project schema, validation with TEI all (ours and jing's, one
  JVM for all files), HTML, plain text (both views), Typst (both views) and PDF (both views), and the slowest
  document per MB against the average;
- full builds of the corpus (`edition build --force`) with 1 job and with every core, at 10 documents and at the
  full size (so that time per MB can be compared across sizes), a no-op rebuild and a one-file-changed rebuild,
  each with its peak memory (the largest resident set among the build's processes).

    python bench/run.py [--documents 1000] [--megabytes 100] [--corpus ../shared/corpus] [--tei-all FILE.rng]

The figures are printed as a table; nothing is written outside the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EDITION = Path(sys.executable).parent / "edition"
MB = 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000, help="at most this many documents (default 1000)")
    parser.add_argument("--megabytes", type=float, default=100, help="at most this many MB of TEI (default 100)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus", help="third-party TEI to add")
    parser.add_argument("--tei-all", type=Path, default=SHARED / "schema" / "tei_all.rng",
                        help="the TEI all-modules RELAX NG grammar")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the 'all cores' job count")
    args = parser.parse_args()

    from pipeline.xmlload import SourceError, load, require_tei

    with tempfile.TemporaryDirectory(prefix="edition-bench-") as work:
        work = Path(work)
        distinct = distinct_documents(args.corpus, load, require_tei, SourceError)
        corpus = make_corpus(work / "corpus", distinct, args.documents, args.megabytes * MB)
        size = sum(p.stat().st_size for p in corpus.glob("*.xml"))
        count = len(list(corpus.glob("*.xml")))
        print(f"corpus: {count} files, {size / MB:.1f} MB ({len(distinct)} distinct documents, "
              f"{sum(p.stat().st_size for p in distinct) / MB:.2f} MB, repeated with fresh ids); {os.cpu_count()} cores")
        print()
        stages(distinct, args.tei_all)
        print()
        builds(work, corpus, args.jobs)
    return 0


# ===== The corpus =====

def distinct_documents(corpus: Path, load, require_tei, source_error) -> list[Path]:
    """The edition's sources and the corpus files the loader accepts as TEI (with a text: registers aside)."""
    found = sorted((REPO / "tei").glob("*.xml"))
    for path in sorted(corpus.rglob("*.xml")) if corpus.is_dir() else []:
        try:
            require_tei(load(path))
        except source_error:
            continue
        found.append(path)
    return found


def make_corpus(folder: Path, distinct: list[Path], documents: int, size: float) -> Path:
    """Copies of the documents with fresh ids (the root's xml:id and the file name) up to the limits; the
    registers once."""
    folder.mkdir(parents=True)
    shutil.copyfile(REPO / "tei" / "registers.xml", folder / "registers.xml")
    texts = [p for p in distinct if p.name != "registers.xml"]
    total, made, copy = 0, 1, 0
    while made < documents and total < size:
        copy += 1
        for path in texts:
            if made >= documents or total >= size:
                break
            new_id = f"{_safe(path.stem)}-{copy:04d}"
            data = _with_id(path.read_bytes(), new_id)
            (folder / f"{new_id}.xml").write_bytes(data)
            total += len(data)
            made += 1
    return folder


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def _with_id(data: bytes, new_id: str) -> bytes:
    """The file with its root element's xml:id set (a byte edit of the first start tag: nothing else changes)."""
    start = re.search(rb"<(TEI|teiCorpus)\b[^>]*>", data)
    tag = start.group(0)
    if b"xml:id=" in tag:
        new_tag = re.sub(rb'xml:id=("[^"]*"|\'[^\']*\')', b'xml:id="' + new_id.encode() + b'"', tag)
    else:
        new_tag = tag[:len(start.group(1)) + 1] + b' xml:id="' + new_id.encode() + b'"' + tag[len(start.group(1)) + 1:]
    return data[:start.start()] + new_tag + data[start.end():]


# ===== Per stage =====

def stages(documents: list[Path], tei_all: Path) -> None:
    from pipeline import pdf
    from pipeline.transform import Stylesheets
    from pipeline.validate import Validator, register_ids
    from pipeline.xmlload import SourceError, load

    size = sum(p.stat().st_size for p in documents) / MB
    per_doc: dict[str, dict[Path, float]] = {}
    timings: dict[str, float] = {}

    def timed(stage: str, path: Path, call):
        start = time.perf_counter()
        try:
            result = call()
        except Exception:  # a document a stage refuses still counts its time (the build reports it)
            result = None
        elapsed = time.perf_counter() - start
        per_doc.setdefault(stage, {})[path] = elapsed
        timings[stage] = timings.get(stage, 0.0) + elapsed
        return result

    plain = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, collect_ids=False)
    datas = {p: p.read_bytes() for p in documents}
    for path, data in datas.items():
        timed("parse floor (lxml)", path, lambda: etree.fromstring(data, plain))
    sources = {}
    for path in documents:
        sources[path] = timed("parse (hardened loader)", path, lambda: load(path))
    sources = {p: s for p, s in sources.items() if s is not None}
    registers = [s for s in sources.values() if s.is_register]
    ids = register_ids(registers)

    start = time.perf_counter()
    project = Validator()
    project.validate(next(iter(sources.values())), ids)  # compile
    timings["compile project schema"] = time.perf_counter() - start
    for path, source in sources.items():
        timed("validate (project schema)", path, lambda: project.validate(source, ids))
    if tei_all.is_file():
        start = time.perf_counter()
        against_tei_all = Validator(tei_all)
        verdicts = {}
        for path, source in sources.items():
            verdicts[path] = timed("validate (TEI all, ours)", path, lambda: against_tei_all.validate(source))
        timings["validate (TEI all, ours, with compile)"] = time.perf_counter() - start
        if shutil.which("jing"):
            start = time.perf_counter()
            subprocess.run(["jing", str(tei_all), *map(str, sources)], capture_output=True)
            timings["validate (TEI all, jing, one JVM)"] = time.perf_counter() - start

    sheets = Stylesheets()
    nodes = {p: sheets.document(s) for p, s in sources.items()}
    sheets.set_corpus([sheets.document(r) for r in registers])
    typst = {}
    for path, node in nodes.items():
        name = path.name
        prepared = timed("prepare pass (once for all outputs)", path, lambda: sheets.prepare(node, source_file=name))
        if prepared is None:
            continue
        timed("HTML", path, lambda: sheets.apply("html", prepared))
        for view in ("reading", "diplomatic"):
            timed("plain text (2 views)", path, lambda: sheets.apply("text", prepared, view=view))
        for view in ("reading", "diplomatic"):
            typst[(path, view)] = timed("Typst (2 views)", path, lambda: sheets.apply("typst", prepared, view=view))
    with tempfile.TemporaryDirectory() as folder:
        for (path, view), rendered in typst.items():
            if rendered is not None:
                target = Path(folder) / f"{path.stem}.{view}.typ"
                target.write_text(rendered.text, encoding="utf-8")
                timed("PDF (2 views)", path, lambda: pdf.compile_typst(rendered.text, sources[path], target))

    whole = [stage for stage in per_doc if not stage.startswith(("parse floor", "validate (TEI all"))]
    per_doc["one document, every stage"] = {p: sum(per_doc[stage].get(p, 0.0) for stage in whole) for p in sources}
    timings["one document, every stage"] = sum(per_doc["one document, every stage"].values())

    print(f"Stages, one process, {len(documents)} distinct documents, {size:.2f} MB")
    print(f"  {'stage':42} {'seconds':>8} {'MB/s':>8}  slowest document per MB, against the average")
    for stage, seconds in timings.items():
        worst = _worst(per_doc.get(stage, {}), seconds, size)
        print(f"  {stage:42} {seconds:8.2f} {size / seconds if seconds else 0:8.2f}  {worst}")


def _worst(times: dict[Path, float], total: float, size: float) -> str:
    # documents under 20 kB are left out: their time is mostly fixed cost, not cost per MB
    sized = {p: t for p, t in times.items() if p.stat().st_size >= 20_000}
    if not sized or not total:
        return ""
    average = total / size
    path, ratio = max(((p, t / (p.stat().st_size / MB) / average) for p, t in sized.items()), key=lambda x: x[1])
    return f"{ratio:.1f}x ({path.name}, {path.stat().st_size / MB:.2f} MB)"


# ===== Whole builds =====

def builds(work: Path, corpus: Path, jobs: int) -> None:
    files = sorted(p for p in corpus.glob("*.xml") if p.name != "registers.xml")
    small = work / "small"
    small.mkdir()
    shutil.copyfile(corpus / "registers.xml", small / "registers.xml")
    for path in files[:10]:
        shutil.copyfile(path, small / path.name)
    print("Full builds (validate, HTML, text, Typst, PDF): `edition build --force`")
    print(f"  {'build':42} {'files':>6} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'peak MB':>8}")
    for folder, label in ((small, "10 documents"), (corpus, f"{len(files)} documents")):
        size = sum(p.stat().st_size for p in folder.glob("*.xml")) / MB
        for n in sorted({1, jobs}):
            seconds, peak, summary = _build(folder, work / f"out-{folder.name}-{n}", ["--jobs", str(n), "--force"])
            print(f"  {label + f', --jobs {n}':42} {len(list(folder.glob('*.xml'))):6} {size:7.2f} {seconds:8.2f} "
                  f"{size / seconds:7.2f} {peak:8.0f}   {summary}")

    edition_out = work / "out-edition"
    _build(REPO / "tei", edition_out, [])
    seconds, peak, summary = _build(REPO / "tei", edition_out, [])
    print(f"  {'edition, no-op rebuild':42} {'':6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")
    copy = work / "edition"
    shutil.copytree(REPO / "tei", copy)
    shutil.copytree(edition_out, work / "out-edition-copy")
    changed = copy / "pentagon-papers-p28.xml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " </p>", 1), encoding="utf-8")
    seconds, peak, summary = _build(copy, work / "out-edition-copy", [])
    print(f"  {'edition, one file changed':42} {'':6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")
    big_out = work / f"out-{corpus.name}-{jobs}"
    seconds, peak, summary = _build(corpus, big_out, [])
    print(f"  {'corpus, no-op rebuild':42} {len(files) + 1:6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")


# Runs a command and prints, last, the largest resident set of any of its processes (the command and the
# workers it waited for): a fresh process per build, so that each build's peak is its own.
_PEAK = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
         "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")


def _build(folder: Path, out: Path, options: list[str]) -> tuple[float, float, str]:
    """Wall time, peak resident memory (MB, the largest of the build's processes) and the build's summary."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, str(EDITION), "build", "--out", str(out), *options,
                           str(folder)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    peak = int(lines[-1].split()[1]) / 1024 if lines and lines[-1].startswith("peak-kb") else float("nan")
    summary = lines[-2] if len(lines) > 1 else done.stderr.strip()[-200:]
    return seconds, peak, summary


if __name__ == "__main__":
    sys.exit(main())
