"""The encoding against the seeds: every word kept, every bracketed intervention turned into markup."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from lxml import etree

from conftest import SEEDS, SHARED, TEI, needs_shared

NS = {"t": "http://www.tei-c.org/ns/1.0"}
DOCUMENTS = ("cwihp77-introduction", "cwihp77-report", "pentagon-papers-p28")
# The labels with which the seed introduces an intervention; the markup says it instead.
LABELS = re.compile(r"^(Handwritten parenthetical addition:|Handwritten:|editor[’']s note—|Translator[’']s Note:|"
                    r"Source:)\s*")
INTERVENTIONS = ("supplied", "note", "add", "del", "sic", "bibl", "metamark")


def text_of(document: str) -> str:
    tree = etree.parse(str(TEI / f"{document}.xml"))
    return " ".join(tree.xpath("//t:text//text()", namespaces=NS))


def seed_scope() -> str:
    text = (SEEDS / "000_9329eabda4e79c64.txt").read_text(encoding="utf-8")
    return text[: text.index("About the Author")]


def bracket_groups(text: str) -> list[str]:
    """Top-level [...] groups (a group may hold a nested one), footnote markers excepted."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "[":
            depth, start = depth + 1, (index if depth == 0 else start)
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                groups.append(text[start + 1:index])
    return [g for g in groups if not re.fullmatch(r"\d+", g)]


@needs_shared(SEEDS)
def test_every_word_of_the_seeds_is_encoded(tmp_path):
    extract = tmp_path / "extract.txt"
    parts = []
    for document in DOCUMENTS:
        tree = etree.parse(str(TEI / f"{document}.xml"))
        for lb in tree.iter("{http://www.tei-c.org/ns/1.0}lb"):
            lb.tail = "\n" + (lb.tail or "")
        parts.append(" ".join(tree.xpath("//t:text//text()", namespaces=NS)))
    extract.write_text("\n\n".join(parts), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "fidelity.py"), "--min", "99.5", str(SEEDS),
                           str(extract)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_literal_brackets_in_the_text(document):
    assert not re.search(r"[\[\]]", text_of(document))


@needs_shared(SEEDS)
def test_every_bracketed_intervention_is_markup():
    seed = seed_scope()
    groups = bracket_groups(seed)
    assert len(groups) >= 55  # the report's and the introduction's interventions, and the source line
    strings = []
    for document in DOCUMENTS[:2]:
        tree = etree.parse(str(TEI / f"{document}.xml"))
        for element in tree.xpath("//t:text//*[" + " or ".join(f"self::t:{n}" for n in INTERVENTIONS) + "]",
                                  namespaces=NS):
            strings.append(" ".join("".join(element.itertext()).split()))
    unmatched = []
    for group in groups:
        inner = LABELS.sub("", " ".join(group.split()))
        if inner == "sic":
            found = any(True for _ in etree.parse(str(TEI / "cwihp77-report.xml")).iter("{*}sic"))
        else:
            # "description: “quoted text”": the description is a note, the quoted text the deleted line
            probes = [re.sub(r"[“”\"]", "", part.split("[")[0])[:40].strip(" (:")
                      for part in re.split(r":\s*“", inner)]
            found = all(any(probe in re.sub(r"[“”\"]", "", s) for s in strings) for probe in probes if probe)
        if not found:
            unmatched.append(group)
    assert not unmatched, f"{len(unmatched)} of {len(groups)} bracketed interventions have no markup: {unmatched}"


def test_the_report_records_the_drafts_physical_features():
    tree = etree.parse(str(TEI / "cwihp77-report.xml"))
    count = lambda xpath: int(tree.xpath(f"count({xpath})", namespaces=NS))
    # two headnotes, the replacing line, two parenthetical additions; and the ten points renumbered by hand
    assert count("//t:text//t:add[@hand='#hand-annotator'][not(parent::t:label)]") == 5
    assert count("//t:label/t:add[@hand='#hand-annotator']") == 10
    assert count("//t:text//t:del") >= 6
    assert count("//t:metamark[@function='query'][. = '?']") == 1
    assert count("//t:metamark[@function='deletion'][. = 'delete']") == 3
    assert count("//t:subst[t:del and t:add]") == 1
    assert count("//t:supplied[@resp='#merle-pribbenow']") >= 25
    assert count("//t:note[@type='editorial'][@resp='#cwihp']") == 4


def test_the_pentagon_page_keeps_its_layout():
    tree = etree.parse(str(TEI / "pentagon-papers-p28.xml"))
    count = lambda xpath: int(tree.xpath(f"count({xpath})", namespaces=NS))
    assert count("//t:pb[@n='28']") == 1
    assert count("//t:fw[@type='classification']") == 2 and count("//t:fw[@type='pageNum']") == 1
    assert count("//t:stamp[@type='declassification']") == 1
    assert count("//t:lb[@break='no']") == 1
    assert count("//t:choice[t:sic and t:corr[@resp and @cert]]") == 4
    assert tree.xpath("string(//t:choice[t:sic = 'Burope']/t:corr)", namespaces=NS) == "Europe"
    assert count("//t:body//t:p[1][@part='F']") == 1
