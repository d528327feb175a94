"""`edition validate --schema tei_all.rng` says valid or invalid against the grammar exactly when jing does, on
every file of ../shared/corpus/, tei/ and tests/adversarial/ that the loader accepts; and every invalid file gets a
problem on one of its lines. (The Schematron that tei_all.rng embeds is checked too, but jing does not read it.)

Files the loader refuses are refused with a reason and never validated, so jing (which has no entity limits,
processes XInclude and reads external DTDs) is not given them either:
  corpus: Test/testrend.xml and five Tillich letters (not well-formed);
  adversarial (each case whose `validate` outcome in cases.tsv is "refused"): billion-laughs, quadratic-blowup
  (entity expansion); external-entity-local-file, external-entity-absolute-file, external-entity-url,
  external-parameter-entity, internal-parameter-entity, external-dtd-entity, external-dtd-entity-in-attribute
  (entities from outside the document); gzip, binary, zip-archive, nul-byte, empty, bom-only (not XML text);
  encoding-declared-utf16-is-utf8, encoding-declared-latin1-is-utf8, encoding-declared-utf8-is-latin1,
  encoding-unknown (wrong or unknown encodings); invalid-character-reference, control-character, truncated
  (not well-formed); deep-nesting, too-many-attributes, long-name (the loader's limits).
Two adversarial fixtures the loader accepts are not given to jing, because jing would read what they name and
we by design never do, so that its verdict would not be about the same document:
  external-dtd.xml (jing fetches the external DTD), xinclude.xml (jing expands the XIncludes).
The other fixtures are given with their placeholders replaced as tests/test_adversarial.py does (a secret file
and a local address nothing listens on); jing reads neither.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS, TEI, TEI_ALL, needs_shared
from pipeline.build import discover
from pipeline.validate import Validator
from pipeline.xmlload import SourceError, load

ADVERSARIAL = Path(__file__).resolve().parent / "adversarial"
JING = shutil.which("jing")
REFUSED_IN_CORPUS = {"tei-stylesheets-tests/Test/testrend.xml",
                     # five letters of the Tillich edition are not well-formed as the project keeps them
                     *(f"tillich-briefe/editions/{name}.xml" for name in ("L00116", "L01059", "L01064", "L01065",
                                                                          "L01069"))}
NOT_FOR_JING = {"external-dtd.xml", "xinclude.xml"}
JING_LINE = re.compile(r"^(?P<file>/.*?):(?P<line>\d+):(?P<column>\d+): (?P<kind>error|fatal): (?P<message>.*)$")

pytestmark = [needs_shared(TEI_ALL), needs_shared(CORPUS),
              pytest.mark.skipif(JING is None, reason="jing is not installed")]


def refused_fixtures() -> set[str]:
    lines = [line.split("\t") for line in (ADVERSARIAL / "cases.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return {fields[0] for fields in lines[1:] if fields[1].startswith("refused")}


def instantiate(folder: Path) -> list[Path]:
    """The adversarial fixtures with their placeholders replaced (see tests/test_adversarial.py)."""
    secret = folder / "secret" / "secret.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text("the secret\n")
    copies = []
    for fixture in sorted(ADVERSARIAL.glob("*.xml")):
        data = fixture.read_bytes()
        for placeholder, value in (("@SECRET_URI@", secret.as_uri()), ("@SECRET_PATH@", str(secret)),
                                   ("@CANARY@", "http://127.0.0.1:9")):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                data = data.replace(placeholder.encode(encoding), value.encode(encoding))
        copy = folder / fixture.stem / fixture.name
        copy.parent.mkdir()
        copy.write_bytes(data)
        copies.append(copy)
    return copies


def jing(files: list[Path]) -> dict[Path, list[str]]:
    """jing's errors per file, all files in one JVM (started again after a file it cannot read at all)."""
    errors: dict[Path, list[str]] = {file: [] for file in files}
    pending = list(files)
    while pending:
        run = subprocess.run(["timeout", "300", JING, str(TEI_ALL), *map(str, pending)], capture_output=True,
                             text=True)
        assert run.returncode in (0, 1), run.stderr
        fatal = None
        for line in run.stdout.splitlines():
            match = JING_LINE.match(line)
            if match:
                errors[Path(match["file"])].append(line)
                fatal = Path(match["file"]) if match["kind"] == "fatal" else fatal
        pending = pending[pending.index(fatal) + 1:] if fatal else []
    return errors


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, list[Path]]:
    return {"corpus": discover([CORPUS]), "tei": sorted(TEI.glob("*.xml")),
            "adversarial": instantiate(tmp_path_factory.mktemp("adversarial"))}


def test_files_the_loader_refuses_are_the_expected_ones(files):
    refused = set()
    for group in files.values():
        for path in group:
            try:
                load(path)
            except SourceError:
                refused.add(path)
    assert {str(p.relative_to(CORPUS)) for p in refused if p.is_relative_to(CORPUS)} == REFUSED_IN_CORPUS
    assert {p.name for p in refused if p in files["adversarial"]} == refused_fixtures()
    assert not {p for p in refused if p in files["tei"]}


def test_verdicts_agree_with_jing(files):
    validator = Validator(TEI_ALL)
    ours: dict[Path, list] = {}
    for path in [p for group in files.values() for p in group]:
        try:
            source = load(path)
        except SourceError:
            continue
        if path.name not in NOT_FOR_JING:  # jing reads the grammar only, not the Schematron it embeds
            ours[path.resolve()] = [p for p in validator.validate(source) if p.kind == "grammar"]
    theirs = jing(list(ours))
    assert len(ours) >= 50
    disagreements = [f"{path}: ours {'invalid' if ours[path] else 'valid'} ({ours[path][:1]}), "
                     f"jing {'invalid' if theirs[path] else 'valid'} ({theirs[path][:1]})"
                     for path in ours if bool(ours[path]) != bool(theirs[path])]
    assert not disagreements, "\n".join(disagreements)
    for path, problems in ours.items():
        lines = path.read_bytes().count(b"\n") + 1
        assert all(1 <= problem.line <= lines for problem in problems), (path, problems)
