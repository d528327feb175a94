"""Hostile input, as a user would meet it: every fixture in tests/adversarial/ goes through `edition validate`,
`edition build` and `edition import` in a process of its own (timed, its memory measured) and must give the
outcome tests/adversarial/cases.tsv states. Whatever the fixture, nothing outside it is opened or fetched (a
secret file watched with inotify, a local HTTP server that must not be asked), the source is never written, and
no page lets a source's text or attributes become script, style or a link out of the edition. The stylesheets
themselves are closed: a hostile stylesheet compiled the way the pipeline compiles its own reads nothing."""

from __future__ import annotations

import ctypes
import gzip
import hashlib
import json
import http.server
import os
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html

from conftest import REPO

ADVERSARIAL = Path(__file__).resolve().parent / "adversarial"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EDITION = Path(sys.executable).parent / "edition"
SECRET = "the-secret-no-output-may-hold-5e1f0c"
SECONDS = 60  # at most, per command
MEGABYTES = 1536  # at most, per command (Saxon and Typst in one process take about 200)
SAFE_SCHEMES = ("", "http:", "https:", "mailto:")


# ===== The table =====

@dataclass(frozen=True)
class Case:
    file: str
    validate: str
    build: str
    import_: str
    absent: str
    present: str

    @property
    def name(self) -> str:
        return self.file.removesuffix(".xml")


def read_cases() -> list[Case]:
    lines = [line for line in (ADVERSARIAL / "cases.tsv").read_text(encoding="utf-8").split("\n")
             if line and not line.startswith("#")]
    lines = lines[:lines.index(next(line for line in lines if line.startswith("scenario\t")))]  # the files' table
    cases = []
    for line in lines[1:]:
        file, validate, build, import_, absent, present = line.split("\t")
        build = validate if build == "same" else build
        import_ = build if import_ == "same" else import_
        cases.append(Case(file, validate, build, import_, absent, present))
    return cases


CASES = read_cases()
BY_NAME = {case.name: case for case in CASES}


# ===== Running a command as the user does =====

@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    megabytes: float

    @property
    def lines(self) -> list[str]:
        return (self.out + self.err).splitlines()


def run(args: list, cwd: Path, timeout: float = 300) -> Run:
    """`edition ARGS` in its own process: exit code, output, wall time and peak memory (wait4's ru_maxrss)."""
    start = time.monotonic()
    with open(cwd / ".stdout", "w+b") as out, open(cwd / ".stderr", "w+b") as err:
        process = subprocess.Popen([str(EDITION), *map(str, args)], cwd=cwd, stdout=out, stderr=err,
                                   start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.killpg(process.pid, 9)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        result = Run(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                     time.monotonic() - start, usage.ru_maxrss / 1024)
    (cwd / ".stdout").unlink(), (cwd / ".stderr").unlink()
    return result


# ===== Nothing outside may be read or fetched =====

class Canary(http.server.ThreadingHTTPServer):
    """A local web server whose address the fixtures name: it records every connection made to it."""

    def __init__(self):
        self.requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N805
                self.requests.append(handler.path)
                handler.send_response(200)
                handler.end_headers()
                handler.wfile.write(SECRET.encode())

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def verify_request(self, request, client_address) -> bool:
        self.requests.append(f"connection from {client_address}")
        return True


class OpenWatch:
    """Every open or read of a folder or the files in it, by any process (Linux inotify), or None elsewhere."""

    IN_ACCESS, IN_OPEN = 0x1, 0x20

    def __init__(self, folder: Path):
        self.fd = -1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            self.fd = libc.inotify_init1(os.O_NONBLOCK)
            if self.fd < 0 or libc.inotify_add_watch(self.fd, bytes(folder), self.IN_ACCESS | self.IN_OPEN) < 0:
                self.fd = -1
        except (OSError, AttributeError):
            self.fd = -1

    def events(self) -> list[str] | None:
        if self.fd < 0:
            return None
        found = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return found
            offset = 0
            while offset < len(data):
                _, mask, _, length = struct.unpack_from("iIII", data, offset)
                name = data[offset + 16: offset + 16 + length].rstrip(b"\0").decode() or "(the folder)"
                found.append(f"{'open' if mask & self.IN_OPEN else 'read'} {name}")
                offset += 16 + length


# ===== What a page may hold =====

def browser_scheme(url: str) -> str:
    """The scheme a browser sees in an attribute value (WHATWG URL parsing: leading and trailing C0 controls and
    spaces trimmed, tabs and newlines anywhere dropped), lower-cased with its colon; '' for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() + ":" if match else ""


def assert_safe_url(value: str, where: str) -> None:
    """A link or image a page may hold: the web, mail, or a file inside the edition's output folder."""
    scheme = browser_scheme(value)
    assert scheme in SAFE_SCHEMES, f"{where}: {value!r} is a {scheme} URL"
    if scheme:
        return
    path = unquote(re.split(r"[?#]", value.strip(), maxsplit=1)[0]).replace("\\", "/")
    assert not path.startswith("/"), f"{where}: {value!r} is an absolute path"
    assert not posixpath.normpath(posixpath.join("html", path)).startswith(".."), \
        f"{where}: {value!r} leads out of the edition"


# the MathML presentation elements a page may hold
MATHML = {"math", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot",
          "mover", "munder", "munderover", "mfenced", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose",
          "merror", "mmultiscripts", "mprescripts", "none", "semantics"}


def assert_safe_page(text: str, where: str) -> None:
    """No script but the edition's own file, no inline style, no event handler, no frame, no link out of the
    edition, and a Content-Security-Policy forbidding inline script before anything is loaded."""
    page = html.fromstring(text)
    policy = page.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
    assert policy, f"{where}: no Content-Security-Policy"
    content = policy[0].get("content")
    assert "script-src 'self'" in content and "unsafe-inline" not in content and "object-src 'none'" in content
    for script in page.iter("script"):
        assert script.get("src") == "edition.js" and not (script.text or "").strip(), f"{where}: a script"
        assert policy[0] in script.itersiblings(preceding=True), f"{where}: a script before the policy"
    for el in page.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("iframe", "frame", "object", "embed", "applet", "base", "style", "svg"), \
            f"{where}: <{el.tag}>"
        if el.tag == "form":  # the edition's own search box, and the search page's form: to the search page
            assert el.get("class") in ("site-search", "search-form") and el.get("method") == "get" \
                and el.get("action").rpartition("/")[2] == "search.html", f"{where}: <form>"
        # MathML is drawn as MathML (issue 17): presentation elements only, and none of their attributes a link
        if el.tag == "math":
            assert {d.tag for d in el.iter() if isinstance(d.tag, str)} <= MATHML, f"{where}: MathML {el.tag}"
            assert not {a for d in el.iter() if isinstance(d.tag, str) for a in d.attrib} & {"href", "src", "xlink:href",
                                                                                              "definitionurl", "class", "id"}
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: <{el.tag} {name}>"
            assert name.lower() not in ("style", "srcdoc", "formaction"), f"{where}: <{el.tag} {name}>"
            if name.lower() in ("href", "src", "action", "data", "poster", "srcset", "xlink:href"):
                assert_safe_url(value, f"{where}: <{el.tag} {name}>")


def comparable(text: str) -> str:
    """Text without whitespace, NFC (a PDF's text layer breaks lines where the layout does)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def search_index_text(path: Path) -> str | None:
    """The words a file of the search index holds (its data files are gzipped JSON or CBOR), or None for its
    WebAssembly runtime, which is Pagefind's own whatever the sources."""
    from pipeline import search
    if path.suffix == ".pagefind":
        return None
    if path.suffix == ".pf_fragment":
        return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    if path.suffix.startswith(".pf_"):
        def strings(value):
            if isinstance(value, str):
                yield value
            elif isinstance(value, list | dict):
                for item in (value if isinstance(value, list) else [*value.keys(), *value.values()]):
                    yield from strings(item)
        return "\n".join(strings(search._decode_file(path)))
    return path.read_bytes().decode("utf-8", "replace")


def output_texts(out: Path) -> dict[Path, str]:
    """Every file the build wrote, as text (a PDF by its text layer and its raw bytes but for its compressed
    streams: their bytes are arbitrary, and may spell anything a pattern looks for; the search index by the words
    it holds)."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if "pagefind" in path.relative_to(out).parts:
            text = search_index_text(path)
            if text is not None:
                texts[path] = text
            continue
        data = path.read_bytes()
        raw = (_without_compressed_streams(data) if path.suffix == ".pdf" else data).decode("utf-8", "replace")
        if path.suffix == ".pdf" and shutil.which("pdftotext"):
            raw += subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
        texts[path] = raw
    return texts


def _without_compressed_streams(pdf: bytes) -> bytes:
    """A PDF's bytes with the content of each stream whose dictionary names a /Filter left out (the metadata
    and whatever else is written uncompressed stays)."""
    kept, position = [], 0
    while (start := pdf.find(b"stream", position)) >= 0:
        end = pdf.find(b"endstream", start)
        if end < 0 or pdf[start - 3:start] == b"end":
            break
        dictionary = pdf[pdf.rfind(b" obj", position, start) + 1:start]
        kept.append(pdf[position:start] if b"/Filter" in dictionary else pdf[position:end])
        position = end + len(b"endstream")
    return b"".join(kept) + pdf[position:]


# ===== One run of every case =====

@dataclass
class Results:
    root: Path
    runs: dict[str, dict[str, Run | None]]
    requests: list[str]
    opened: list[str] | None
    sources_before: dict[str, str]
    sources_after: dict[str, str] = field(default_factory=dict)
    has_import: bool = True


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def instantiate(case: Case, folder: Path, secret: Path, canary: str) -> Path:
    """The fixture at folder/<case>/<file>, its placeholders replaced."""
    data = (ADVERSARIAL / case.file).read_bytes()
    for placeholder, value in (("@SECRET_URI@", secret.as_uri()), ("@SECRET_PATH@", str(secret)),
                               ("@CANARY@", canary)):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            data = data.replace(placeholder.encode(encoding), value.encode(encoding))
    target = folder / case.name / case.file
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return target


def run_case(case: Case, source: Path, has_import: bool) -> dict[str, Run | None]:
    folder = source.parent
    return {"validate": run(["validate", source.name], folder),
            "build": run(["build", "--out", "out", source.name], folder),
            "import": run(["import", "--into", "imported", source.name], folder) if has_import else None}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Results:
    root = tmp_path_factory.mktemp("adversarial")
    secret = root / "secret" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    canary = Canary()
    sources = {case.name: instantiate(case, root / "cases", secret, canary.url) for case in CASES}
    before = {name: digest(path) for name, path in sources.items()}
    has_import = run(["import", "--help"], root).code == 0
    watch = OpenWatch(secret.parent)
    try:
        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
            futures = {case.name: pool.submit(run_case, case, sources[case.name], has_import) for case in CASES}
            runs = {name: future.result() for name, future in futures.items()}
        opened = watch.events()
    finally:
        canary.shutdown()
    found = Results(root, runs, list(canary.requests), opened, before, has_import=has_import)
    found.sources_after = {name: digest(path) for name, path in sources.items()}
    _write_table(found)
    return found


def _write_table(found: Results) -> None:
    """What each command did and how long it took (tests/artifacts/, for the record; not in git)."""
    rows = ["case\tvalidate\tbuild\timport"]
    for name, runs in found.runs.items():
        cells = []
        for command in ("validate", "build", "import"):
            result = runs[command]
            cells.append("skipped" if result is None else
                         f"exit {result.code}, {result.seconds:.2f} s, {result.megabytes:.0f} MB")
        rows.append("\t".join([name, *cells]))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "adversarial-outcomes.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


# ===== The expected outcomes =====

def test_every_fixture_has_one_row():
    assert sorted(c.file for c in CASES) == sorted(p.name for p in ADVERSARIAL.glob("*.xml"))
    assert len({c.file for c in CASES}) == len(CASES)


def assert_bounded(result: Run, what: str) -> None:
    assert result.seconds < SECONDS, f"{what} took {result.seconds:.1f} s"
    assert result.megabytes < MEGABYTES, f"{what} took {result.megabytes:.0f} MB"
    assert "Traceback" not in result.err, f"{what} crashed:\n{result.err}"


def located(result: Run, file: str, pattern: str, severity: str = "error") -> list[str]:
    """The lines reporting the file at a line and column with the pattern; each line is one line."""
    return [line for line in result.lines
            if re.match(rf"{re.escape(file)}:\d+:\d+: {severity}: ", line) and re.search(pattern, line)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_validate(results, case):
    result = results.runs[case.name]["validate"]
    assert_bounded(result, "validate")
    kind, _, pattern = case.validate.partition(": ")
    if kind == "valid":
        assert result.code == 0 and result.out.endswith("1 file, 0 errors\n"), result.out
    else:
        assert result.code == 1, result.out
        assert located(result, case.file, pattern), result.out
        if kind == "refused":
            assert result.out.count(f"{case.file}:") == 1, "a refusal is one problem"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_build(results, case):
    result = results.runs[case.name]["build"]
    assert_bounded(result, "build")
    kind, _, pattern = case.build.partition(": ")
    out = results.root / "cases" / case.name / "out"
    if kind == "refused":
        assert result.code == 1 and "0 documents built" in result.out, result.out + result.err
        assert len(located(result, case.file, pattern)) == 1, result.err
        assert not (out / "pdf" / f"{case.name}.pdf").exists()
        return
    assert result.code == 0 and "1 document built" in result.out and "0 failures" in result.out, result.err
    if kind == "built":
        assert "0 warnings" in result.out, result.err
    else:
        assert re.search(pattern, result.err), result.err
    for output in (f"html/{case.name}.html", f"txt/{case.name}.reading.txt", f"pdf/{case.name}.typ",
                   f"pdf/{case.name}.pdf"):
        assert (out / output).is_file(), output
    # the diplomatic view's outputs where the document's encoding gives that view something different to show
    views = json.loads((out / ".build-manifest.json").read_text())["documents"][case.name]["views"]
    for output in (f"txt/{case.name}.diplomatic.txt", f"pdf/{case.name}.diplomatic.pdf"):
        assert (out / output).is_file() == ("diplomatic" in views), output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_import(results, case):
    if not results.has_import:
        pytest.skip("`edition import` does not exist yet (pipeline/exchange.py is being written)")
    result = results.runs[case.name]["import"]
    assert_bounded(result, "import")
    kind, _, pattern = case.import_.partition(": ")
    imported = results.root / "cases" / case.name / "imported" / case.file
    if kind == "refused":
        assert result.code == 1 and not imported.exists(), result.out
        refusal = [line for line in result.lines if line.startswith("refused ")]
        assert len(refusal) == 1 and re.search(pattern, refusal[0]), result.out
        if "not valid against" not in refusal[0]:
            assert re.match(rf"refused {re.escape(case.file)}:\d+:\d+: ", refusal[0]), refusal[0]
        return
    assert result.code == 0 and imported.is_file(), result.out
    line = next(line for line in result.lines if line.startswith("imported "))
    assert re.search(pattern, line) if kind == "imported with note" else "(" not in line, line
    assert SECRET not in imported.read_bytes().decode("utf-8")  # imported files are UTF-8


@pytest.mark.parametrize("case", [c for c in CASES if c.build.startswith("built")], ids=lambda c: c.name)
def test_outputs_keep_the_text_and_hold_nothing_hostile(results, case):
    out = results.root / "cases" / case.name / "out"
    texts = output_texts(out)
    html_only, pattern = case.absent.startswith("html: "), case.absent.removeprefix("html: ")
    for path, text in texts.items():
        where = str(path.relative_to(out))
        assert SECRET not in text, f"{where} holds the secret"
        if path.suffix == ".html":
            assert_safe_page(path.read_text(encoding="utf-8"), where)
        if pattern and path.parent.name != "tei" and (path.suffix == ".html" or not html_only):
            assert not re.search(pattern, text), f"{where} matches {pattern}"
    if case.present:
        page = html.fromstring((out / "html" / f"{case.name}.html").read_text(encoding="utf-8"))
        for where, text in ((f"{case.name}.reading.txt", texts[out / "txt" / f"{case.name}.reading.txt"]),
                            (f"{case.name}.html", page.xpath("string(//section[@id='reading'])")),
                            (f"{case.name}.pdf", texts[out / "pdf" / f"{case.name}.pdf"])):
            assert comparable(case.present) in comparable(text), f"{where} lost {case.present!r}"


def test_nothing_outside_the_sources_is_opened_or_fetched(results):
    assert results.requests == [], "the canary web server was asked for something"
    if results.opened is None:
        pytest.skip("inotify is not available: opening the secret cannot be observed")
    assert results.opened == [], f"the secret's folder was opened: {results.opened}"


def test_sources_are_never_written(results):
    assert results.sources_after == results.sources_before


def test_one_bad_document_does_not_stop_the_others(results, tmp_path):
    """All the fixtures in one folder, one build: every document that builds alone is built, every refusal is
    listed at the end with its place, and the exit code is 1."""
    folder = results.root / "together"
    folder.mkdir()
    for case in CASES:
        shutil.copyfile(results.root / "cases" / case.name / case.file, folder / case.file)
    result = run(["build", "--out", tmp_path / "out", "together"], results.root)
    assert_bounded(result, "build of every fixture")
    built = [c for c in CASES if c.build.startswith("built")]
    refused = [c for c in CASES if c.build.startswith("refused")]
    assert result.code == 1
    assert f"{len(built)} documents built" in result.out and f"{len(refused)} failures" in result.out, result.out
    for case in built:
        assert (tmp_path / "out" / "html" / f"{case.name}.html").is_file(), case.file
    failures = result.err.splitlines()[-len(refused):]
    for case in refused:
        pattern = case.build.partition(": ")[2]
        assert any(re.match(rf"together/{re.escape(case.file)}:\d+:\d+: error: .*{pattern}", line)
                   for line in failures), f"{case.file} is not among the failures listed at the end"


# ===== The stylesheets are closed =====

FORBIDDEN_FUNCTIONS = ("doc", "document", "doc-available", "unparsed-text", "unparsed-text-lines",
                       "unparsed-text-available", "collection", "uri-collection", "json-doc", "transform",
                       "environment-variable", "available-environment-variables", "load-xquery-module")
FORBIDDEN_INSTRUCTIONS = ("result-document", "evaluate", "source-document", "merge-source")


def test_the_edition_stylesheets_read_nothing_but_what_they_are_handed():
    """No instruction or function of the project's stylesheets reads a file or an address: all they read is the
    document and the parameters Python hands them."""
    xsl = "http://www.w3.org/1999/XSL/Transform"
    call = re.compile(rf"(?<![\w\-:$])(fn:)?({'|'.join(map(re.escape, FORBIDDEN_FUNCTIONS))})\s*\(")
    for path in sorted((REPO / "xslt").glob("*.xsl")):
        tree = etree.parse(str(path))
        for name in FORBIDDEN_INSTRUCTIONS:
            assert not tree.xpath(f"//xsl:{name}", namespaces={"xsl": xsl}), f"{path.name}: xsl:{name}"
        imports = tree.xpath("//xsl:import/@href | //xsl:include/@href", namespaces={"xsl": xsl})
        # only the project's own stylesheets (site.xsl draws with html.xsl, which imports the core; prepare.xsl
        # imports the behaviour table, model.xsl, and includes csl.xsl, the citation record drawn in its compile)
        assert all(href in ("common.xsl", "model.xsl", "html.xsl", "csl.xsl") for href in imports), imports
        for element in tree.iter(f"{{{xsl}}}*"):
            for attribute, value in element.attrib.items():
                assert not call.search(value), f"{path.name}:{element.sourceline}: {attribute}=\"{value}\""


HOSTILE = {
    "doc": "doc('{uri}')",
    "document": "document('{uri}')",
    "relative-doc": "doc('../secret/secret.xml')",
    "unparsed-text": "unparsed-text('{uri}')",
    "unparsed-text-lines": "unparsed-text-lines('{path}')",
    "collection": "collection('{folder}')",
    "uri-collection": "uri-collection('{folder}')",
    "json-doc": "json-doc('{uri}')",
    "network": "unparsed-text('{canary}/x')",
    "parse-xml-external-entity": "parse-xml('&lt;!DOCTYPE x [&lt;!ENTITY s SYSTEM &quot;{uri}&quot;&gt;]&gt;&lt;x&gt;&amp;s;&lt;/x&gt;')",
    "transform": "transform(map{{'stylesheet-location': '{canary}/evil.xsl', 'source-node': parse-xml('&lt;a/&gt;')}})?output",
    "availability": "(doc-available('{uri}'), unparsed-text-available('{uri}'))[.]",
}


def hostile_stylesheet(expression: str) -> str:
    return f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">[<xsl:value-of select="string-join(({expression}) ! string(.), ' ')"/>]</xsl:template>
</xsl:stylesheet>"""


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch):
    """A folder of hostile stylesheets that pipeline.transform.Stylesheets compiles instead of the project's."""
    from pipeline import resources
    folder = tmp_path / "xslt"
    folder.mkdir()
    secret = tmp_path / "secret" / "secret.xml"
    secret.parent.mkdir()
    secret.write_text(f"<s>{SECRET}</s>")
    (secret.parent / "secret.txt").write_text(SECRET)
    monkeypatch.setattr(resources, "xslt", lambda name: folder / name)
    monkeypatch.chdir(tmp_path)
    return folder, secret


def test_a_hostile_stylesheet_reads_no_file_and_no_address(hostile_folder):
    from pipeline.transform import Prepared, Stylesheets, TransformError
    from pipeline.xmlload import load
    folder, secret = hostile_folder
    canary = Canary()
    watch = OpenWatch(secret.parent)
    source = load(REPO / "tests" / "fixtures" / "elements" / "ref.001.xml")
    try:
        for name, expression in HOSTILE.items():
            (folder / f"{name}.xsl").write_text(hostile_stylesheet(expression.format(
                uri=secret.as_uri(), path=secret.with_suffix(".txt"), folder=secret.parent.as_uri(),
                canary=canary.url)))
            sheets = Stylesheets((name,))
            try:
                # (an output renders a prepared tree; here the hostile stylesheet is handed the document as it is)
                result = sheets.apply(name, Prepared(sheets.document(source), (), source.path.name, ""))
            except TransformError as error:
                assert re.search(r"prohibited|disallowed|not permitted|Access to URI", str(error)), str(error)
            else:
                assert SECRET not in result.text and result.text in ("[]", "[false false]"), (name, result.text)
        opened = watch.events()
    finally:
        canary.shutdown()
    assert canary.requests == []
    assert opened in (None, []), opened


def test_a_hostile_stylesheet_writes_no_result_document(hostile_folder, tmp_path):
    from pipeline.transform import Prepared, Stylesheets
    from pipeline.xmlload import load
    folder, _ = hostile_folder
    target = tmp_path / "written" / "absolute.txt"
    (folder / "write.xsl").write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:result-document href="{target.as_uri()}" method="text">written</xsl:result-document>
    <xsl:result-document href="relative.txt" method="text">written</xsl:result-document>
    <xsl:result-document href="../../escaped.txt" method="text">written</xsl:result-document>
    <xsl:text>done</xsl:text>
  </xsl:template>
</xsl:stylesheet>""")
    before = sorted(p for p in tmp_path.rglob("*"))
    sheets = Stylesheets(("write",))
    document = sheets.document(load(REPO / "tests" / "fixtures" / "elements" / "ref.001.xml"))
    assert sheets.apply("write", Prepared(document, (), "ref.001.xml", "")).text == "done"
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent.parent / "escaped.txt").exists()


# ===== An output folder that cannot be written =====

def _unshare_works(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$1"', "_",
                            str(tmp_path)], capture_output=True)
    return probe.returncode == 0


@pytest.mark.parametrize("mount, reason", [("size=400k", "No space left on device"), ("ro,size=64k", "Read-only file system")],
                         ids=["disk-full", "read-only"])
def test_a_full_or_read_only_disk_is_a_clear_error(tmp_path, mount, reason):
    """A build whose output folder is on a 400 kB file system (it fills up) or a read-only one: exit 1 and a
    message naming the reason, no traceback, no temporary file left behind."""
    if not _unshare_works(tmp_path):
        pytest.skip("no user and mount namespaces here (unshare -rm) to mount a small file system")
    disk = tmp_path / "disk"
    disk.mkdir()
    # the file system lives as long as the namespace: the temporaries are looked for inside it
    script = ('mount -t tmpfs -o "$1" tmpfs "$2" || exit 9; "$3" build --out "$2/out" "$4"; code=$?; '
              'echo "left:"; find "$2" -name "*.tmp"; exit $code')
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "_", mount, str(disk), str(EDITION),
                           str(REPO / "tei")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert reason in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.rstrip().endswith("left:"), done.stdout
