"""Validation: the project schema, its Schematron rules (a fixture pair per rule), the CLI's report."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from conftest import FIXTURES, REPO, TEI, TEI_ALL, needs_shared
from pipeline import rng_subset
from pipeline.validate import Validator, register_ids, schematron_rule_ids
from pipeline.xmlload import load

RULE_FIXTURES = FIXTURES / "schematron"
REGISTER_IDS = register_ids([load(TEI / "registers.xml")])


def test_every_rule_has_a_valid_and_an_invalid_fixture():
    missing = [f"{rule}.{kind}.xml" for rule in schematron_rule_ids() for kind in ("valid", "invalid")
               if not (RULE_FIXTURES / f"{rule}.{kind}.xml").exists()]
    assert not missing, f"rules without fixtures: {missing}"


@pytest.mark.parametrize("rule", schematron_rule_ids())
def test_rule_fixtures(rule):
    validator = Validator()
    valid = load(RULE_FIXTURES / f"{rule}.valid.xml")
    assert validator.validate(valid, REGISTER_IDS) == []
    invalid = load(RULE_FIXTURES / f"{rule}.invalid.xml")
    assert rule in {p.rule for p in validator.validate(invalid, REGISTER_IDS)}


def test_sources_are_valid(cli):
    code, out, _ = cli("validate", TEI)
    assert (code, out.strip()) == (0, "4 files, 0 errors")


def test_problems_are_reported_in_compiler_style(cli, tmp_path):
    broken = tmp_path / "cwihp77-report.xml"
    broken.write_text((TEI / "cwihp77-report.xml").read_text().replace('resp="#merle-pribbenow"', "", 1))
    shutil_copy = (TEI / "registers.xml").read_bytes()
    (tmp_path / "registers.xml").write_bytes(shutil_copy)
    code, out, _ = cli("validate", broken)
    assert code == 1
    lines = out.strip().splitlines()
    assert re.fullmatch(rf"{re.escape(str(broken))}:\d+:\d+: error: .+ \[(note-resp|supplied-reason-resp)\]", lines[0])
    assert lines[-1] == "1 file, 1 error"


def test_json_report(cli, tmp_path):
    code, out, _ = cli("validate", "--format", "json", TEI / "pentagon-papers-p28.xml")
    report = json.loads(out)
    assert code == 0 and report["summary"] == {"files": 1, "errors": 0}
    assert report["files"][0]["valid"] is True


def test_usage_errors_exit_2(cli):
    assert cli("validate", "--format", "yaml")[0] == 2
    assert cli("validate", "no/such/file.xml")[0] == 2
    assert cli("build", "--format", "docx", TEI)[0] == 2


@needs_shared(TEI_ALL)
def test_sources_are_valid_against_tei_all(cli):
    code, out, _ = cli("validate", "--schema", TEI_ALL, TEI)
    assert (code, out.strip()) == (0, "4 files, 0 errors")


@needs_shared(TEI_ALL)
def test_project_grammar_is_tei_all_reduced_to_the_vocabulary(capsys, monkeypatch):
    """edition.rng is generated, never edited: regenerating it gives the same file."""
    monkeypatch.chdir(REPO)
    assert rng_subset.main([str(TEI_ALL), "schema/edition-elements.txt"]) == 0
    assert capsys.readouterr().out.replace(str(TEI_ALL.name), "tei_all.rng") == \
        (REPO / "schema" / "edition.rng").read_text()


def test_subset_grammar_is_stricter():
    """An element outside the vocabulary is refused by the project grammar."""
    source = (TEI / "pentagon-papers-p28.xml").read_text()
    tree = etree.fromstring(source.replace("<stamp ", "<seal ").replace("</stamp>", "</seal>").encode())
    grammar = etree.RelaxNG(etree.parse(str(REPO / "schema" / "edition.rng")))
    assert not grammar.validate(tree)
