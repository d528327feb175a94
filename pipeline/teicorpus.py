"""The export's teiCorpus: every source in one TEI file, with a header saying what it gathers.

In one file an xml:id must be unique, and documents written apart often share some (the same note ids in
every letter, a root id copied by mistake): the first document to use an id keeps it, a later one gets the
first free NAME-2, NAME-3 ..., and the "#id" references in that document's pointer attributes (TEI's own list,
schema/tei-pointer-attributes.txt) follow, so that each document's references still name its own elements.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree

from . import metadata, resources
from .xmlload import TEI_NS, XML_ID, Source


def tei_corpus(sources: list[Source], paths: list[str], records: dict[str, dict]) -> tuple[bytes, list[str]]:
    """All sources (registers included) in one teiCorpus, and a note per document whose ids were renamed."""
    tei = f"{{{TEI_NS}}}"

    def element(parent, name: str, text: str = "", **attributes):
        made = etree.SubElement(parent, tei + name, attributes)
        made.text = text or None
        return made

    corpus = etree.Element(tei + "teiCorpus", nsmap={None: TEI_NS})
    if metadata.language(sources[0]):
        corpus.set("{http://www.w3.org/XML/1998/namespace}lang", metadata.language(sources[0]))
    header = element(corpus, "teiHeader")
    file_desc = element(header, "fileDesc")
    title_stmt = element(file_desc, "titleStmt")
    element(title_stmt, "title", metadata.edition_name(sources))
    publication = element(file_desc, "publicationStmt")
    for publisher in metadata.publishers(records):
        element(publication, "publisher", publisher)
    when = metadata.fixed_date(sources)
    element(publication, "date", when, when=when)
    source_desc = element(file_desc, "sourceDesc")
    bibliography = element(source_desc, "listBibl")
    for source, path in zip(sources, paths):
        bibl = element(bibliography, "bibl")
        element(bibl, "title", metadata.main_title(source))
        bibl[-1].tail = ", "
        element(bibl, "idno", f"tei/{path}.xml", type="file")
    description = metadata.edition_description(sources)
    if description:
        project = element(element(header, "encodingDesc"), "projectDesc")
        element(project, "p", description)
    etree.indent(header, level=1)
    header.tail = "\n  "
    taken: set[str] = set()
    notes = []
    for source, path in zip(sources, paths):
        copied = copy.deepcopy(source.root)  # the root element only: no prolog; entities were expanded on loading
        copied.tail = "\n  " if source is not sources[-1] else "\n"
        renamed = make_ids_unique(copied, taken)
        if renamed:
            shown = ", ".join(f"{old} -> {new}" for old, new in list(renamed.items())[:5])
            notes.append(f"tei/{path}.xml: {len(renamed)} xml:id{'s' if len(renamed) > 1 else ''} another document "
                         f"of the corpus has, renamed in {CORPUS_NAME} with the references to them ({shown}"
                         f"{', ...' if len(renamed) > 5 else ''})")
        corpus.append(copied)
    corpus.text = "\n  "
    return etree.tostring(corpus, xml_declaration=True, encoding="UTF-8") + b"\n", notes


CORPUS_NAME = "tei-corpus.xml"


def make_ids_unique(document: etree._Element, taken: set[str]) -> dict[str, str]:
    """Give every xml:id of `document` that is in `taken` the first free NAME-2, NAME-3 ... (free in `taken`
    and in the document), rewrite the document's "#id" references to them, add its ids to `taken`; the
    renamings, old -> new."""
    elements = [e for e in document.iter(etree.Element) if e.get(XML_ID) is not None]
    own = {e.get(XML_ID) for e in elements}
    renamed: dict[str, str] = {}
    for found in elements:
        old = found.get(XML_ID)
        if old in taken and old not in renamed:
            number = 2
            while f"{old}-{number}" in taken or f"{old}-{number}" in own:
                number += 1
            renamed[old] = f"{old}-{number}"
            own.add(renamed[old])
        if old in renamed:
            found.set(XML_ID, renamed[old])
    taken |= {e.get(XML_ID) for e in elements}
    if renamed:
        attributes = pointer_attributes()
        for found in document.iter(etree.Element):
            for name in attributes & set(found.attrib):
                value = found.get(name)
                if "#" in value:
                    tokens = value.split()
                    changed = ["#" + renamed[t[1:]] if t.startswith("#") and t[1:] in renamed else t for t in tokens]
                    if changed != tokens:
                        found.set(name, " ".join(changed))
    return renamed


@lru_cache(maxsize=1)
def pointer_attributes() -> frozenset[str]:
    """TEI's attributes whose values are pointers (schema/tei-pointer-attributes.txt, made from TEI all)."""
    lines = resources.schema("tei-pointer-attributes.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
