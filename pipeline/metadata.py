"""What the teiHeaders say about the documents, for the exchange formats: Dublin Core, bag-info, teiCorpus.

Names are given in their register form when a `@ref` points at a register entry (so that "The editors of this
digital edition" and "Editors of this digital edition" are one publisher), otherwise as written.
"""

from __future__ import annotations

import re

from lxml import etree

from .xmlload import TEI_NS, XML_ID, Source

NS = {"t": TEI_NS}
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# The fifteen Dublin Core elements in their usual order (oai_dc does not prescribe one).
DC_ELEMENTS = ("title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format",
               "identifier", "source", "language", "relation", "coverage", "rights")
FALLBACK_DATE = "2000-01-01"  # the same fixed date pdf.py falls back on
_NAME_CHILDREN = "t:persName | t:orgName | t:name | t:placeName"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def text_of(element) -> str:
    """An element's text with whitespace runs made single spaces."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def register_names(registers: list[Source]) -> dict[str, str]:
    """Register entry id -> its main name form (the first name that is not a variant)."""
    names = {}
    for register in registers:
        for entry in register.root.xpath("//t:person[@xml:id] | //t:place[@xml:id] | //t:org[@xml:id]",
                                         namespaces=NS):
            forms = entry.xpath("*[self::t:persName or self::t:placeName or self::t:orgName or self::t:name]"
                                "[not(@type = 'variant')]", namespaces=NS) or entry.xpath(_NAME_CHILDREN, namespaces=NS)
            if forms:
                names[entry.get(XML_ID)] = text_of(forms[0])
    return names


def name_of(element, names: dict[str, str]) -> str:
    """A person or organisation named by an element (author, publisher, persName...), register form first."""
    for candidate in [element] + element.xpath(_NAME_CHILDREN, namespaces=NS):
        ref = (candidate.get("ref") or "").split()
        if ref and ref[0].startswith("#") and ref[0][1:] in names:
            return names[ref[0][1:]]
    named = element.xpath(_NAME_CHILDREN, namespaces=NS)
    return text_of(named[0] if len(named) == 1 else element)


def main_title(source: Source) -> str:
    titles = source.root.xpath("t:teiHeader/t:fileDesc/t:titleStmt/t:title", namespaces=NS)
    main = [t for t in titles if t.get("type") == "main"] or [t for t in titles if not t.get("type")] or titles
    return text_of(main[0]) if main else source.id


def language(source: Source) -> str:
    return source.root.get(_XML_LANG) or ""


def dublin_core(source: Source, names: dict[str, str], identifier: str = "") -> dict[str, list[str]]:
    """The document's Dublin Core description, derived from its teiHeader; empty elements are left out.
    `identifier` is the name the document is published under (its document path; by default its id)."""
    identifier = identifier or source.id
    header = _first(source.root.xpath("t:teiHeader", namespaces=NS))
    if header is None:
        return {"title": [identifier], "type": ["Text"], "format": ["application/tei+xml"],
                "identifier": [identifier]}

    def xp(path: str) -> list:
        return header.xpath(path, namespaces=NS)

    creators = [name_of(a, names) for a in xp("t:fileDesc/t:titleStmt/t:author[not(@role = 'translator' or "
                                               "@role = 'trl')]")]
    contributors = [name_of(e, names) for e in xp("t:fileDesc/t:titleStmt/t:editor | t:fileDesc/t:titleStmt/"
                                                  "t:author[@role = 'translator' or @role = 'trl']")]
    contributors += [name_of(n, names) for n in xp("t:fileDesc/t:titleStmt/t:respStmt/*[self::t:persName or "
                                                   "self::t:orgName or self::t:name]")]
    # when the document was made (its origin or creation, a range as an ISO 8601 interval), then when this
    # edition of it was published
    made = xp("t:fileDesc/t:sourceDesc//t:msDesc/t:history/t:origin//t:origDate | "
              "t:profileDesc/t:creation//t:date | t:profileDesc/t:creation//t:origDate")
    dates = [_iso_date(d) for d in made[:1]] + [d.get("when") or text_of(d)
                                                for d in xp("t:fileDesc/t:publicationStmt/t:date")]
    record = {
        "title": [text_of(t) for t in xp("t:fileDesc/t:titleStmt/t:title")] or [identifier],
        "creator": creators,
        "subject": [text_of(t) for t in xp("t:profileDesc/t:textClass/t:keywords//t:term | "
                                           "t:profileDesc/t:textClass/t:classCode")],
        "description": [text_of(d) for d in xp("t:profileDesc/t:abstract | t:fileDesc/t:sourceDesc//t:msContents/"
                                               "t:summary | t:fileDesc/t:notesStmt/t:note")],
        "publisher": [name_of(p, names) for p in xp("t:fileDesc/t:publicationStmt/*[self::t:publisher or "
                                                    "self::t:distributor or self::t:authority]")],
        "contributor": [c for c in contributors if c not in creators],
        "date": dates,
        "type": ["Dataset" if source.is_register else "Text"],
        "format": ["application/tei+xml"],
        "identifier": [text_of(i) for i in xp("t:fileDesc/t:publicationStmt/t:idno")] + [identifier],
        "source": [_source_text(s) for s in xp("t:fileDesc/t:sourceDesc/*")],
        "language": [lang.get("ident") for lang in xp("t:profileDesc/t:langUsage/t:language[@ident]")]
                    or ([language(source)] if language(source) else []),
        "rights": _rights(xp("t:fileDesc/t:publicationStmt/t:availability")),
    }
    return {key: _unique(values) for key, values in record.items() if _unique(values)}


def oai_dc(record: dict[str, list[str]]) -> bytes:
    """A Dublin Core record as OAI-PMH's oai_dc XML."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation",
             f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    for element in DC_ELEMENTS:
        for value in record.get(element, []):
            etree.SubElement(root, f"{{{DC_NS}}}{element}").text = value
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def fixed_date(sources: list[Source]) -> str:
    """The latest date of the sources' revisionDesc and publicationStmt, as YYYY-MM-DD: the export's date.

    Taken from the sources, never from the clock, so that the same sources give the same export.
    """
    found = []
    for source in sources:
        for when in source.root.xpath("t:teiHeader/t:revisionDesc//t:change/@when | "
                                      "t:teiHeader/t:fileDesc/t:publicationStmt/t:date/@when", namespaces=NS):
            match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when)
            if match:
                year, month, day = match.groups()
                found.append(f"{year}-{month or '01'}-{day or '01'}")
    return max(found) if found else FALLBACK_DATE


def publishers(records: dict[str, dict]) -> list[str]:
    """Every publisher of the Dublin Core records (by document id), once each, in the order of the records."""
    return _unique([p for record in records.values() for p in record.get("publisher", [])])


def edition_description(sources: list[Source]) -> str:
    """The project description that speaks for the whole edition: the registers' first, else a document's.

    The same choice as the web edition's (xslt/html.xsl, e:site-title), so that all outputs name it alike.
    """
    ordered = [s for s in sources if s.is_register] + [s for s in sources if not s.is_register]
    return next((d for d in map(_project_description, ordered) if d), "")


def edition_name(sources: list[Source]) -> str:
    """The edition's name as the web edition's pages give it (common.xsl, e:site-edition-title): the registers'
    series title (seriesStmt), else the first clause of the edition's project description."""
    for source in (s for s in sources if s.is_register):
        series = source.root.xpath("t:teiHeader/t:fileDesc/t:seriesStmt/t:title", namespaces=NS)
        if series and text_of(series[0]):
            return text_of(series[0])
    match = re.match(r"(.*?)(?::\s|;\s|,\s|\.\s+(?=[A-ZÀ-ÖØ-Þ])|\.$)", edition_description(sources), re.S)
    first = re.sub(r"^(A|An)\s+", "", (match.group(1) if match else edition_description(sources)).strip())
    return first[:1].upper() + first[1:] if first else "Digital edition"


def _project_description(source: Source) -> str:
    return " ".join(text_of(p) for p in source.root.xpath(
        "t:teiHeader/t:encodingDesc/t:projectDesc/t:p", namespaces=NS))


def _source_text(element) -> str:
    """One line for a sourceDesc child: a bibliographic reference, a manuscript's identifier, or a paragraph."""
    local = etree.QName(element).localname
    if local == "msDesc":
        parts = element.xpath("t:msIdentifier/*[not(self::t:msName or self::t:altIdentifier)]", namespaces=NS)
        return ", ".join(text_of(p) for p in parts if text_of(p))
    structured = not "".join(element.xpath("text()")).strip()
    if structured and len(element):  # a bibl of bare children: join them as a list
        return ", ".join(text_of(child) for child in element if isinstance(child.tag, str) and text_of(child))
    return text_of(element)


def _iso_date(date) -> str:
    """A TEI date as ISO 8601: its @when, or the interval its @notBefore/@from and @notAfter/@to give."""
    start = date.get("when") or date.get("notBefore") or date.get("from") or ""
    end = "" if date.get("when") else date.get("notAfter") or date.get("to") or ""
    return f"{start}/{end}" if start and end and start != end else start or end or text_of(date)


def _rights(availabilities: list) -> list[str]:
    """One statement per licence, its address beside its words (a document may say what the publisher keeps
    and what this edition gives: the two must not be read as one)."""
    rights = []
    for availability in availabilities:
        for licence in availability.xpath("t:licence", namespaces=NS):
            words, target = text_of(licence), licence.get("target") or ""
            rights.append(f"{words} ({target})" if words and target and target not in words else words or target)
        rights += [text_of(p) for p in availability.xpath("t:p | t:ab", namespaces=NS)]
    return rights


def _unique(values: list[str]) -> list[str]:
    seen = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def _first(items: list):
    return items[0] if items else None
