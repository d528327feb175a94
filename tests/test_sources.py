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
    # the source's four "editor's note"s: credited to no one, since the capture does not say whose editor wrote them
    assert count("//t:note[@type='editorial'][not(@resp)]") == 4 and count("//t:note[@resp='#cwihp']") == 0


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


# ===== Issue 20: what the sources support, checked against the seeds =====

def report() -> etree._ElementTree:
    return etree.parse(str(TEI / "cwihp77-report.xml"))


def seed_report() -> str:
    return seed_scope()


def test_the_delete_notations_have_no_place_and_the_dash_is_inside_the_deletion():
    """The translator gives no place for the "delete" notations; the crossed-out paragraphs include their dash."""
    assert "Following three paragraphs were crossed out and have hand-written notations saying “delete”" in seed_report()
    assert "margin" not in re.search(r"Following three paragraphs[^\]]*\]", seed_report()).group(0)
    tree = report()
    marks = tree.xpath("//t:metamark[. = 'delete']", namespaces=NS)
    assert len(marks) == 3 and not any(m.get("place") for m in marks)
    for mark in marks:
        p = mark.getparent()
        assert not p.xpath("t:label", namespaces=NS), "no dash outside the deletion"
        assert p.xpath("string(t:del/t:label)", namespaces=NS) == "-"


def test_inferred_hands_and_places_are_certainty_statements():
    """Who struck a line and where the head notes stand are the edition's inference: certainty elements say so."""
    tree = report()
    inferred = {(target[1:], c.get("match")) for c in tree.xpath("//t:certainty", namespaces=NS)
                for target in c.get("target").split()}
    assert inferred == {("rep-p002-add", "@place"), ("rep-p002a-add", "@place"), ("rep-p031-del", "@hand"),
                        ("rep-p120-del", "@hand"), ("rep-p121-del", "@hand"), ("rep-p122-del", "@hand")}
    for c in tree.xpath("//t:certainty", namespaces=NS):
        assert c.get("locus") == "value" and c.get("cert") and c.get("resp") == "#edition-editors"
        assert c.xpath("string(t:desc)", namespaces=NS).strip()
    # every deletion with a hand is either stated by the translator (Point 4's handwritten note) or inferred
    for d in tree.xpath("//t:del[@hand]", namespaces=NS):
        assert (d.get("{http://www.w3.org/XML/1998/namespace}id"), "@hand") in {(t, m) for t, m in inferred} \
            or d.get("{http://www.w3.org/XML/1998/namespace}id") == "rep-p040-del"
    # the translator gives no place for the head notes: only their position before the title
    assert "[Handwritten: Brother Tuan will type up" in seed_report() and "top of" not in seed_report()


def test_point_4_is_a_handwritten_note_the_translator_paraphrases():
    assert "There is a hand-written note saying that Point 4 should be dropped" in seed_report()
    tree = report()
    (mark,) = tree.xpath("//t:metamark[@target='#rep-p040-del']", namespaces=NS)
    assert mark.get("corresp") == "#rep-note-point4" and mark.get("place") is None
    (gap,) = mark.xpath("t:gap", namespaces=NS)
    assert gap.get("reason") == "paraphrased" and gap.get("resp") == "#merle-pribbenow"


def test_kosygin_point_6_strikes_three_untranscribed_words_not_english_ones():
    """The translator transcribes no deleted words: he reports three Vietnamese words and how they would read."""
    assert "[three words crossed out that would make this sentence read" in seed_report()
    (deletion,) = report().xpath("//t:del[@xml:id='rep-p068-del']", namespaces=NS)
    assert not "".join(deletion.itertext()).strip(), "no English words inside the deletion"
    (gap,) = deletion.xpath("t:gap", namespaces=NS)
    assert (gap.get("unit"), gap.get("quantity")) == ("word", "3")
    assert not report().xpath("//t:supplied[@reason='given-in-translator-note']", namespaces=NS)


def test_the_sources_editors_notes_are_credited_to_no_one():
    """The capture says "editor’s note" four times and never whose editor."""
    assert seed_report().count("[editor’s note") == 4
    assert not re.search(r"(CWIHP|Wilson)[^\]]{0,40}editor|editor[^\]]{0,40}(CWIHP|Wilson)", seed_report())
    registers = etree.parse(str(TEI / "registers.xml"))
    assert "editor" not in registers.xpath("string(//t:org[@xml:id='cwihp']/t:note)", namespaces=NS)


def test_zhou_enlai_s_missing_point_8_is_noted():
    zhou = seed_report().split("Views Expressed by Zhou Enlai")[1].split("Soviet Union:")[0]
    assert "7/-" in zhou and "9/-" in zhou and "8/-" not in zhou
    tree = report()
    notes = tree.xpath("//t:div[@xml:id='rep-china-zhou']//t:note[@resp='#edition-editors'][contains(., '8/-')]",
                       namespaces=NS)
    assert len(notes) == 1


def test_register_headword_aliarcham_keeps_the_source_s_form_as_variant():
    assert "Aliacham Academy" in seed_report() and "Aliarcham" not in seed_report()
    entry = etree.parse(str(TEI / "registers.xml")).xpath("//t:org[t:orgName[contains(., 'Aliarcham')]]",
                                                           namespaces=NS)[0]
    assert entry.xpath("string(t:orgName[1])", namespaces=NS) == "Aliarcham Academy of Social Sciences"
    assert entry.xpath("string(t:orgName[@type='variant'])", namespaces=NS) == "Aliacham Academy of Social Sciences"


def test_amin_s_identification_carries_a_caution():
    assert "[Syrian President] Amin [al-Hafiz] (of the United Arab Republic)" in seed_report()
    assert report().xpath("//t:persName[@ref='#amin-al-hafiz']/@cert", namespaces=NS) == ["medium"]
    note = etree.parse(str(TEI / "registers.xml")).xpath("string(//t:person[@xml:id='amin-al-hafiz']/t:note)",
                                                         namespaces=NS)
    assert "Not certain" in note and "United Arab Republic" in note


def test_the_date_s_upper_bound_is_argued_and_marked_uncertain():
    assert "năm 1965" in seed_report()
    origin = report().xpath("//t:origin", namespaces=NS)[0]
    assert "năm 1965" in "".join(origin.itertext()) and "not certain" in "".join(origin.itertext())
    assert origin.xpath("t:origDate/@notAfter", namespaces=NS) == ["1965-12-31"]
    assert origin.xpath("t:origDate/@cert", namespaces=NS) == ["medium"]


def test_the_introduction_records_its_section_breaks_and_the_left_out_furniture():
    """The capture leaves two blank lines after three paragraphs of the essay; the About the Author box is left out."""
    seed = (SEEDS / "000_9329eabda4e79c64.txt").read_text(encoding="utf-8")
    essay = seed[: seed.index("Pierre Asselin is Professor")]
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n[ \t]*\n", essay)]
    before = [essay[:b].rstrip().rsplit("\n", 1)[-1][-40:] for b in breaks]
    tree = etree.parse(str(TEI / "cwihp77-introduction.xml"))
    milestones = tree.xpath("//t:body//t:milestone[@unit='section']", namespaces=NS)
    assert len(milestones) == len(before) == 3
    for milestone, words in zip(milestones, before):
        previous = milestone.getprevious()
        assert " ".join("".join(previous.itertext()).split()).endswith(" ".join(words.split()))
    header = " ".join("".join(tree.xpath("//t:editorialDecl", namespaces=NS)[0].itertext()).split())
    assert "About the Author" in header and "San Diego State University" in header and "section" in header
    assert "About the Author" in seed and "San Diego State University" in seed


def test_one_project_description_that_says_why_the_pentagon_page_is_there():
    descriptions = {" ".join("".join(etree.parse(str(TEI / f"{n}.xml")).xpath("//t:projectDesc", namespaces=NS)[0]
                                      .itertext()).split()) for n in (*DOCUMENTS, "registers")}
    assert len(descriptions) == 1
    (description,) = descriptions
    assert "not part of the eDossier" in description and "Why the Pentagon Papers page" in description
    assert "not named" in description and "contact" in description


def test_headers_speak_in_words_not_markup():
    """What the readers' pages show of a header (editorial declarations, hands, the project) has no attribute
    syntax, identifiers or element names of the encoding."""
    jargon = re.compile(r"@\w|\w=\"|xml:id|\b(rep|int|pp28)-p\d|\bhand-annotator\b|place=|resp=|\bmetamark\b|"
                        r"\bsupplied text\b|\bdel\b|\bsubst\b|\bcorr\b|citeStructure")
    for name in DOCUMENTS:
        tree = etree.parse(str(TEI / f"{name}.xml"))
        for element in tree.xpath("//t:editorialDecl | //t:handNote | //t:projectDesc", namespaces=NS):
            words = " ".join("".join(element.itertext()).split())
            assert not jargon.search(words), (name, jargon.search(words).group(0), words[:120])
