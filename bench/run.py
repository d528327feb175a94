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
  each with its peak memory (the largest resident set among the build's processes); with --baseline, today's
  build (another installation's `edition`, e.g. the commit before a change, in a second venv) on the same files
  in the same run, and whether the outputs are byte-identical between two runs and between 1 and every job;
- a scale run on real book-length documents (--scale: ../shared/corpus/eltec-fra, 100 novels, and
  tillich-briefe, 1,331 letters) at 10, 50 and all documents: seconds per MB (and against the first size: where
  it bends, if it bends), peak memory beside the largest document, today's build beside it with --baseline;
- the Schematron's cost on a long list of failing elements at three lengths (it must grow linearly);
- with --cluster N, the same full build on a Dask cluster of N workers started on 127.0.0.1 (`dask scheduler`,
  `dask worker`), beside the local one: the overhead per document (one machine's cluster is not faster);
- the issue's targets, each with its figure and PASS or FAIL.

    python bench/run.py [--documents 1000] [--megabytes 100] [--corpus ../shared/corpus] [--tei-all FILE.rng]
                        [--baseline OTHER-VENV/bin/edition] [--scale] [--cluster 2] [--only stages,builds,...]
    python bench/run.py --quick --baseline OTHER-VENV/bin/edition --scale --cluster 2   # a short check that it runs

The figures are printed as tables; nothing is written outside the temporary folder. Measure on a quiet machine:
a loaded one (another build, another benchmark) makes the figures mean nothing.
"""

from __future__ import annotations

import argparse
import hashlib
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
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "tei-stylesheets-tests",
                        help="third-party TEI to add to the benchmark's corpus")
    parser.add_argument("--scale-corpus", type=Path, default=SHARED / "corpus",
                        help="the folder holding eltec-fra/ and tillich-briefe/ for --scale")
    parser.add_argument("--tei-all", type=Path, default=SHARED / "schema" / "tei_all.rng",
                        help="the TEI all-modules RELAX NG grammar")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the 'all cores' job count")
    parser.add_argument("--baseline", type=Path, help="today's `edition` command (another venv) to compare with")
    parser.add_argument("--scale", action="store_true", help="the scale run on eltec-fra and tillich-briefe")
    parser.add_argument("--scale-sizes", default="10,50,all", help="document counts of the scale run")
    parser.add_argument("--cluster", type=int, default=0, metavar="N", help="also build on a local Dask cluster of N workers")
    parser.add_argument("--only", default="stages,builds,schematron,scale,cluster", help="sections to run")
    parser.add_argument("--quick", action="store_true",
                        help="a short run that checks the benchmark works (12 documents, 2 MB; scale sizes 2 and 4)")
    args = parser.parse_args()
    if args.quick:
        args.documents, args.megabytes, args.scale_sizes = min(args.documents, 12), min(args.megabytes, 2), "2,4"
    sections = set(args.only.split(","))
    targets: list[tuple[str, str, bool]] = []

    from pipeline.xmlload import SourceError, load, require_tei

    with tempfile.TemporaryDirectory(prefix="edition-bench-") as work:
        work = Path(work)
        distinct = distinct_documents(args.corpus, load, require_tei, SourceError)
        if args.quick:
            distinct = distinct[:8]
        corpus = make_corpus(work / "corpus", distinct, args.documents, args.megabytes * MB)
        size = sum(p.stat().st_size for p in corpus.glob("*.xml"))
        count = len(list(corpus.glob("*.xml")))
        print(f"corpus: {count} files, {size / MB:.1f} MB ({len(distinct)} distinct documents, "
              f"{sum(p.stat().st_size for p in distinct) / MB:.2f} MB, repeated with fresh ids); {os.cpu_count()} cores")
        if "stages" in sections:
            print()
            stages(distinct, args.tei_all)
        if "builds" in sections:
            print()
            builds(work, corpus, args.jobs, args.baseline, targets)
        if "schematron" in sections:
            print()
            schematron_scaling(targets, quick=args.quick)
        if "scale" in sections and args.scale:
            print()
            sizes = [s for s in args.scale_sizes.split(",") if s]
            for name in ("eltec-fra", "tillich-briefe"):
                scale(work, args.scale_corpus / name, name, sizes, args.jobs, args.baseline, targets)
        if "cluster" in sections and args.cluster:
            print()
            cluster(work, corpus, args.jobs, args.cluster, targets)
        print()
        print("Targets (issue 18, 21)")
        for what, figure, met in targets:
            print(f"  {'PASS' if met else 'FAIL'}  {what:60} {figure}")
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
        timed("CSL-JSON (citation record)", path, lambda: sheets.apply("csl", prepared))
        for view in prepared.views:
            timed("plain text (its views)", path, lambda: sheets.apply("text", prepared, view=view))
        typst[path] = (timed("Typst (one source, its views)", path, lambda: sheets.apply("typst", prepared)),
                       prepared.views)
    for path, (rendered, views) in typst.items():
        if rendered is not None:
            timed("PDF (its views, one compiler)", path,
                  lambda: pdf.typeset(rendered.text, sources[path], f"{path.stem}.typ", views))
    pdf.stop_helper()

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

def builds(work: Path, corpus: Path, jobs: int, baseline: Path | None, targets: list) -> None:
    files = sorted(p for p in corpus.glob("*.xml") if p.name != "registers.xml")
    small = work / "small"
    small.mkdir()
    shutil.copyfile(corpus / "registers.xml", small / "registers.xml")
    for path in files[:10]:
        shutil.copyfile(path, small / path.name)
    print("Full builds (validate, HTML, text, Typst, PDF): `edition build --force`")
    print(f"  {'build':42} {'files':>6} {'MB':>7} {'seconds':>8} {'s/MB':>7} {'peak MB':>8}")
    seconds_of = {}
    for folder, label in ((small, "10 documents"), (corpus, f"{len(files)} documents")):
        size = sum(p.stat().st_size for p in folder.glob("*.xml")) / MB
        runs = [(n, EDITION, "") for n in sorted({1, jobs})] + ([(jobs, baseline, "today's, ")] if baseline else [])
        for n, command, who in runs:
            out = work / f"out-{folder.name}-{n}{'-today' if who else ''}"
            seconds, peak, summary = _build(folder, out, ["--jobs", str(n), "--force"], command)
            seconds_of[(folder.name, n, who)] = seconds
            print(f"  {who + label + f', --jobs {n}':42} {len(list(folder.glob('*.xml'))):6} {size:7.2f} "
                  f"{seconds:8.2f} {seconds / size:7.2f} {peak:8.0f}   {summary}")
    name = corpus.name
    one, every = seconds_of[(name, 1, "")], seconds_of[(name, jobs, "")]
    if jobs > 1:
        targets.append((f"--jobs {jobs} at least 85% of a perfect {jobs}x over --jobs 1",
                        f"{one / every:.2f}x = {one / every / jobs:.0%}", one / every >= 0.85 * jobs))
    if baseline:
        today = seconds_of[(name, jobs, "today's, ")]
        targets.append((f"--jobs {jobs} at least 1.5x faster than today's", f"{today / every:.2f}x "
                        f"({today:.1f} s -> {every:.1f} s)", today / every >= 1.5))
    again = work / f"out-{name}-again"
    _build(corpus, again, ["--jobs", str(jobs), "--force"])
    same_runs = _digests(again) == _digests(work / f"out-{name}-{jobs}")
    same_jobs = _digests(work / f"out-{name}-1") == _digests(work / f"out-{name}-{jobs}")
    targets.append(("byte-identical outputs between two runs", "same" if same_runs else "differ", same_runs))
    targets.append((f"byte-identical outputs between --jobs 1 and --jobs {jobs}", "same" if same_jobs else "differ",
                    same_jobs))

    edition_out = work / "out-edition"
    _build(REPO / "tei", edition_out, [])
    seconds, peak, summary = _build(REPO / "tei", edition_out, [])
    print(f"  {'edition, no-op rebuild':42} {'':6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")
    targets.append(("no-op rebuild under 0.5 s", f"{seconds:.2f} s", seconds < 0.5))
    copy = work / "edition"
    shutil.copytree(REPO / "tei", copy)
    shutil.copytree(edition_out, work / "out-edition-copy")
    changed = copy / "pentagon-papers-p28.xml"
    # an editor's change to the text: a word added to its first paragraph (its page, texts, PDF and search index
    # change with it)
    text = changed.read_text(encoding="utf-8")
    end = text.index("</p>", text.index("<body"))
    changed.write_text(text[:end] + " edited" + text[end:], encoding="utf-8")
    # its own share: what the document costs in a full build of the edition with one job, by its size
    full, _, _ = _build(copy, work / "out-edition-full", ["--jobs", "1", "--force"])
    share = full * changed.stat().st_size / sum(p.stat().st_size for p in copy.glob("*.xml"))
    seconds, peak, summary = _build(copy, work / "out-edition-copy", [])
    print(f"  {'edition, one file changed':42} {'':6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")
    targets.append(("one changed document under 1 s plus its own share", f"{seconds:.2f} s against 1 + "
                    f"{share:.2f} s", seconds < 1 + share))
    big_out = work / f"out-{corpus.name}-{jobs}"
    seconds, peak, summary = _build(corpus, big_out, [])
    print(f"  {'corpus, no-op rebuild':42} {len(files) + 1:6} {'':7} {seconds:8.2f} {'':7} {peak:8.0f}   {summary}")


def _digests(folder: Path) -> dict[str, str]:
    """Every output by digest (not the manifest, which records when each output was written)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".build-manifest.json"}


# ===== The Schematron on long lists =====

def schematron_scaling(targets: list, quick: bool = False) -> None:
    """The project's Schematron on a list of N items whose ids each appear twice (every item fails a rule, and each
    failure is located), at N, 2N and 4N: time must grow with N, not N squared."""
    from pipeline.validate import Validator
    from pipeline.xmlload import parse_bytes
    validator = Validator()
    base = 350 if quick else 1400
    print("Schematron: a list whose every item fails a rule (each failure located)")
    print(f"  {'items':>8} {'seconds':>8} {'s per 1,000':>12} {'findings':>9}")
    per = []
    for n in (base, 2 * base, 4 * base):
        items = "".join(f'<item xml:id="i{i // 2}">Entry {i}.</item>' for i in range(n))
        data = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="long-list"><teiHeader><fileDesc><titleStmt>'
                f'<title>A long list</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc>'
                f'<p>Test.</p></sourceDesc></fileDesc></teiHeader><text><body><list>{items}</list></body></text>'
                f'</TEI>').encode()
        source = parse_bytes(data, Path("long-list.xml"), "long-list.xml")
        validator.check(source)  # compiled, warm
        start = time.perf_counter()
        found = validator.check(source)
        seconds = time.perf_counter() - start
        per.append(seconds / n * 1000)
        print(f"  {n:8} {seconds:8.2f} {per[-1]:12.3f} {len(found.errors) + len(found.warnings()):9}")
    targets.append(("Schematron cost per failing item flat (within 50%) from N to 4N",
                    f"{per[0]:.3f} -> {per[-1]:.3f} s per 1,000", per[-1] <= 1.5 * per[0]))


# ===== Scale: real book-length documents =====

def scale(work: Path, corpus: Path, name: str, sizes: list[str], jobs: int, baseline: Path | None,
          targets: list) -> None:
    """Builds of the first 10, 50, ... documents of a real corpus (--jobs every core, --force): seconds per MB
    and peak memory, and where seconds per MB bends, if it bends."""
    files = sorted(p for p in corpus.rglob("*.xml") if "meta" not in p.relative_to(corpus).parts)
    if not files:
        print(f"Scale, {name}: not found at {corpus}")
        return
    print(f"Scale: {name} ({len(files)} documents, {sum(p.stat().st_size for p in files) / MB:.1f} MB), "
          f"`edition build --force --jobs {jobs}`")
    print(f"  {'documents':>9} {'MB':>7} {'largest MB':>10} {'seconds':>8} {'s/MB':>7} {'vs first':>8} "
          f"{'added s/MB':>10} {'peak MB':>8}" + (f" {'today s':>8} {'today s/MB':>10} {'today peak':>10}"
                                                  if baseline else ""))
    # "added s/MB": the seconds each size adds to the one before, per MB it adds (where the cost of more
    # documents bends, if it bends), apart from what every build costs once (the command and its workers starting,
    # the stylesheets compiled in each, the site pages)
    per_mb, peaks, before = [], [], (0.0, 0.0)
    for size in sizes:
        chosen = files if size == "all" else files[:int(size)]
        folder = work / f"scale-{name}-{len(chosen)}"
        folder.mkdir()
        for path in chosen:
            shutil.copyfile(path, folder / path.name)
        megabytes = sum(p.stat().st_size for p in chosen) / MB
        largest = max(p.stat().st_size for p in chosen) / MB
        seconds, peak, _ = _build(folder, work / f"out-{folder.name}", ["--force", "--jobs", str(jobs)])
        per_mb.append(seconds / megabytes)
        peaks.append(peak)
        added = f"{(seconds - before[0]) / (megabytes - before[1]):10.2f}" if before[1] else f"{'':10}"
        before = (seconds, megabytes)
        line = (f"  {len(chosen):9} {megabytes:7.2f} {largest:10.2f} {seconds:8.1f} {per_mb[-1]:7.2f} "
                f"{per_mb[-1] / per_mb[0]:8.2f} {added} {peak:8.0f}")
        if baseline:
            today, today_peak, _ = _build(folder, work / f"out-{folder.name}-today", ["--force", "--jobs", str(jobs)],
                                          baseline)
            line += f" {today:8.1f} {today / megabytes:10.2f} {today_peak:10.0f}"
        print(line)
        shutil.rmtree(work / f"out-{folder.name}", ignore_errors=True)
        shutil.rmtree(work / f"out-{folder.name}-today", ignore_errors=True)
    targets.append((f"{name}: time per MB flat within 20% ({sizes[0]} to {sizes[-1]} documents)",
                    " / ".join(f"{v:.2f}" for v in per_mb) + " s/MB", max(per_mb) <= 1.2 * min(per_mb)))
    if name == "eltec-fra":
        targets.append((f"{name}: peak memory under 1 GB", f"{max(peaks):.0f} MB", max(peaks) < 1024))


# ===== The same build on a Dask cluster =====

def cluster(work: Path, corpus: Path, jobs: int, workers: int, targets: list) -> None:
    """A scheduler and `workers` workers (one thread each) on 127.0.0.1 through the `dask` command line, the
    corpus built through them (`edition build --scheduler`), beside the local build with --jobs `jobs`."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from daskcluster import dask_cluster
    except ImportError:
        print("Cluster: Dask is not installed (the [distributed] extra)")
        return
    folder = work / "cluster"
    folder.mkdir()
    with dask_cluster(folder, workers) as (address, _):
        documents = len(list(corpus.glob("*.xml")))
        local, _, _ = _build(corpus, work / "out-cluster-local", ["--force", "--jobs", str(jobs)])
        remote, _, summary = _build(corpus, work / "out-cluster", ["--force", "--scheduler", address])
    same = _digests(work / "out-cluster") == _digests(work / "out-cluster-local")
    print(f"Cluster: {workers} Dask workers on this machine against --jobs {jobs}, {documents} files")
    print(f"  {'local':10} {local:8.2f} s")
    print(f"  {'cluster':10} {remote:8.2f} s   {summary}")
    print(f"  overhead per document: {(remote - local) / documents * 1000:.0f} ms; outputs "
          f"{'byte-identical' if same else 'DIFFER'}")
    targets.append(("cluster build byte-identical to the local one", "same" if same else "differ", same))


# Runs a command and prints, last, the largest resident set of any of its processes (the command and the
# workers it waited for): a fresh process per build, so that each build's peak is its own.
_PEAK = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
         "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")


def _build(folder: Path, out: Path, options: list[str], command: Path | None = None) -> tuple[float, float, str]:
    """Wall time, peak resident memory (MB, the largest of the build's processes) and the build's summary."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, str(command or EDITION), "build", "--out", str(out), *options,
                           str(folder)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    peak = int(lines[-1].split()[1]) / 1024 if lines and lines[-1].startswith("peak-kb") else float("nan")
    summary = lines[-2] if len(lines) > 1 else done.stderr.strip()[-200:]
    return seconds, peak, summary


if __name__ == "__main__":
    sys.exit(main())
