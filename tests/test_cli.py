"""The command line's conventions: a configuration file under the options, -q/-v and --report json on every
command (the old `validate --format json` still working), shell completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TEI
from pipeline import config

EDITION = Path(sys.executable).with_name("edition")
PENTAGON = "pentagon-papers-p28"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A folder with two sources in tei/, the current folder of the commands run in-process."""
    (tmp_path / "tei").mkdir()
    for name in ("registers.xml", f"{PENTAGON}.xml"):
        shutil.copyfile(TEI / name, tmp_path / "tei" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ----- the configuration file -----

def test_edition_toml_beside_the_sources_configures_the_build(cli, project):
    (project / "tei" / "edition.toml").write_text(
        'title = "Vietnam papers"\nbase-url = "https://example.org/papers"\nversion = "2.0"\n'
        'formats = ["html", "txt"]\ntext-width = 60\njobs = 1\n', encoding="utf-8")
    code, out, err = cli("build", "--out", "out")
    assert code == 0, err
    assert not (project / "out" / "pdf").exists() and (project / "out" / "txt").is_dir()
    page = (project / "out" / "html" / f"{PENTAGON}.html").read_text(encoding="utf-8")
    assert "<title>United States-Vietnam Relations" in page and "· Vietnam papers</title>" in page
    assert 'content="https://example.org/papers/html/pentagon-papers-p28.html"' in page
    # How to cite names the configured title and version (not the header's) and the page under the base URL
    assert ("In: Vietnam papers, edited by the editors of this digital edition (not named), version 2.0, "
            "at https://example.org/papers/html/pentagon-papers-p28.html.") in page
    text = (project / "out" / "txt" / f"{PENTAGON}.reading.txt").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines() if " " in line.strip()) <= 60 + 10  # wrapped near 60
    # the command line overrides the file
    code, _, err = cli("build", "--out", "out2", "--format", "txt", "--base-url", "https://example.net/x/")
    assert code == 0, err
    assert not (project / "out2" / "html").exists()
    assert "https://example.net/x/html/pentagon-papers-p28.html" in \
        (project / "out2" / "txt" / f"{PENTAGON}.reading.txt").read_text(encoding="utf-8")


def test_pyproject_tool_edition_configures_and_a_changed_setting_rebuilds(cli, project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.edition]\nformats = "html"\n'
                                           'title = "First"\n', encoding="utf-8")
    assert cli("build", "--out", "out")[0] == 0
    page = project / "out" / "html" / f"{PENTAGON}.html"
    assert "· First</title>" in page.read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.edition]\nformats = "html"\ntitle = "Second"\n', encoding="utf-8")
    code, out, _ = cli("build", "--out", "out")
    assert code == 0 and "1 document built" in out
    assert "· Second</title>" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ('formats = ["html", "docx"]', "formats: unknown format docx"),
    ('colour = "blue"', "unknown setting 'colour'"),
    ('jobs = "two"', "jobs: must be a whole number"),
    ('text-width = 5', "text-width: must be between 20 and 1000"),
    ('base-url = "javascript:alert(1)"', "is not an http(s) address"),
    ('base-url = "https://example.org/a b"', "is not an http(s) address"),
    ('base-url = "https://example.org/\\"onload"', "is not an http(s) address"),
    ('schema = "missing.rng"', "is not a file"),
    ('scheduler = "tcp://host:8786; touch x"', "is not a scheduler's address"),
    ('title = "A"\ntitle = "B"', ":2:"),  # TOML: a key twice, at line 2
])
def test_a_configuration_that_cannot_be_used_is_a_usage_error_naming_the_file(cli, project, content, message):
    (project / "tei" / "edition.toml").write_text(content + "\n", encoding="utf-8")
    code, out, err = cli("build", "--out", "out")
    assert code == 2 and "edition.toml" in err and message in err, err
    assert "Traceback" not in err and not (project / "out").exists()


def test_settings_the_file_does_not_give_are_none_and_command_line_options_win():
    settings = config.Config(title="T", jobs=2).with_options(jobs=None, text_width=70, title="U")
    assert (settings.title, settings.jobs, settings.text_width, settings.formats) == ("U", 2, 70, None)
    assert config.Config().stylesheet_parameters() == {"edition-title": "", "base-url": "", "edition-version": ""}
    assert config.base_url("https://example.org/ed") == "https://example.org/ed/"


def test_validate_takes_the_configured_schema(cli, project):
    schema = project / "tei" / "only-tei.rnc"
    schema.write_text('default namespace = "http://www.tei-c.org/ns/1.0"\nstart = element TEI { empty }\n',
                      encoding="utf-8")
    (project / "tei" / "edition.toml").write_text('schema = "only-tei.rnc"\n', encoding="utf-8")
    code, out, _ = cli("validate", "--report", "json")
    report = json.loads(out)
    assert code == 1 and {f["schema"] for f in report["files"]} == {"tei/only-tei.rnc"}


# ----- the report and verbosity -----

def test_build_report_json_and_quiet_and_verbose(cli, project):
    code, out, err = cli("build", "--format", "html,txt", "--out", "out", "--report", "json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["built"] == [f"tei/{PENTAGON}.xml"]
    assert report["formats"] == ["html", "txt"] and report["failures"] == []
    code, out, err = cli("build", "--format", "html,txt", "--out", "out", "-v")
    assert code == 0 and f"up to date tei/{PENTAGON}.xml" in err and "1 up to date" in out
    broken = project / "tei" / "broken.xml"
    broken.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>', encoding="utf-8")
    code, out, err = cli("build", "--format", "txt", "--out", "out", "-q")
    assert code == 1 and "broken.xml" in err and "1 failure" in out
    code, out, err = cli("build", "--format", "txt", "--out", "out", "--report", "json")
    report = json.loads(out)
    assert report["ok"] is False and report["failures"][0]["file"].endswith("broken.xml")
    assert report["refused"] == ["tei/broken.xml"]
    assert cli("build", "-q", "-v", "--out", "out")[0] == 2


def test_validate_keeps_format_json_and_says_the_same_with_report_json(cli, project):
    old = cli("validate", "--format", "json", "tei")
    new = cli("validate", "--report", "json", "tei")
    assert old[0] == new[0] == 0 and json.loads(old[1]) == json.loads(new[1])
    assert cli("validate", "--format", "json", "--report", "text", "tei")[0] == 2
    code, out, _ = cli("validate", "-v", "tei")
    assert f"tei/{PENTAGON}.xml: valid" in out
    code, out, _ = cli("validate", "-q", "tei")
    assert out.strip().splitlines() == ["2 files, 0 errors"]


def test_import_and_export_report_json_and_quiet(cli, project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(TEI / "cwihp77-introduction.xml", elsewhere / "intro.xml")
    code, out, _ = cli("import", "--into", "tei", "--report", "json", elsewhere / "intro.xml")
    report = json.loads(out)
    assert code == 0 and report["files"][0]["status"] == "imported" and report["summary"]["imported"] == 1
    code, out, _ = cli("import", "--into", "tei", "-q", elsewhere / "intro.xml")
    assert code == 0 and out.strip().splitlines() == ["0 imported, 1 unchanged, 0 refused"]
    code, out, err = cli("export", "--out", "exported", "--report", "json", "-q", "tei")
    report = json.loads(out)
    assert code == 0 and report["ok"] and len(report["sources"]) == 3 and report["files"]["dts"] > 0
    assert "warning" not in err


def test_every_command_takes_the_same_spelling():
    from click.testing import CliRunner
    from pipeline.cli import main
    for command in ("validate", "build", "import", "export", "serve"):
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        for option in ("-q, --quiet", "-v, --verbose", "--report [text|json]"):
            assert option in help_text, (command, option)


# ----- shell completion -----

def test_shell_completion_scripts_and_completions():
    environment = {**os.environ, "_EDITION_COMPLETE": "bash_source"}
    script = subprocess.run([str(EDITION)], env=environment, capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "_edition_completion" in script.stdout
    environment = {**os.environ, "_EDITION_COMPLETE": "bash_complete", "COMP_WORDS": "edition se", "COMP_CWORD": "1"}
    done = subprocess.run([str(EDITION)], env=environment, capture_output=True, text=True, timeout=60)
    assert "plain,serve" in done.stdout.splitlines()
    environment.update(COMP_WORDS="edition build --re", COMP_CWORD="2")
    done = subprocess.run([str(EDITION)], env=environment, capture_output=True, text=True, timeout=60)
    assert "plain,--report" in done.stdout.splitlines()
