"""Intent rows of tests/fixtures/foreign/intent.tsv: what a reader should see of each fixture, per output and view.

Columns: file, format (html, txt, typ), view (reading, diplomatic, both; page for a whole web page), query,
expected, says (the expectation in words).

- html: the query is an XPath 1.0 expression over the web page (parsed as a browser would, lxml.html). Its context
  is the view's section (section[@id='reading'] or [@id='diplomatic']), or the page for view `page`. The value is
  compared as text with `expected`: a boolean as true/false, a whole number without decimals.
- txt, typ: the query is a Python regular expression over the plain text (`.reading.txt`, `.diplomatic.txt`) or
  the Typst source of the view (`.typ`, which holds both: tests/typstviews.py). `expected` is the number of matches, or `unique`: at least one
  match, and no two matches with the same first group (note labels, say).

    python tests/intentrows.py              checks every row (columns, XPath and regex syntax, fixture names)
    python tests/intentrows.py --built OUT  also evaluates each row on the fixtures built into OUT
                                            (edition build --out OUT tests/fixtures/foreign) and lists failures
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from typstviews import view_source

FOREIGN = Path(__file__).resolve().parent / "fixtures" / "foreign"
INTENT = FOREIGN / "intent.tsv"
COLUMNS = ["file", "format", "view", "query", "expected", "says"]
VIEWS = {"html": {"reading", "diplomatic", "both", "page"}, "txt": {"reading", "diplomatic", "both"},
         "typ": {"reading", "diplomatic", "both"}}
OUTPUT = {("txt", "reading"): "txt/{id}.reading.txt", ("txt", "diplomatic"): "txt/{id}.diplomatic.txt",
          ("typ", "reading"): "pdf/{id}.typ", ("typ", "diplomatic"): "pdf/{id}.typ"}  # one source, both views


@dataclass(frozen=True)
class Row:
    number: int  # line in the file
    file: str
    format: str
    view: str
    query: str
    expected: str
    says: str

    @property
    def views(self) -> list[str]:
        return ["reading", "diplomatic"] if self.view == "both" else [self.view]


def read(path: Path = INTENT) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != COLUMNS:
            raise ValueError(f"{path}: columns {header}, expected {COLUMNS}")
        rows = []
        for number, fields in enumerate(reader, 2):
            if len(fields) != len(COLUMNS):
                raise ValueError(f"{path}:{number}: {len(fields)} fields, expected {len(COLUMNS)}")
            rows.append(Row(number, *fields))
        return rows


def problems(row: Row, fixtures: set[str]) -> list[str]:
    """What is wrong with a row itself (not with the rendering it describes)."""
    found = []
    if row.file not in fixtures:
        found.append(f"no fixture {row.file}")
    if row.format not in VIEWS:
        found.append(f"format {row.format!r} is not html, txt or typ")
    elif row.view not in VIEWS[row.format]:
        found.append(f"view {row.view!r} is not one of {sorted(VIEWS[row.format])}")
    if not row.says.strip():
        found.append("no words saying what the reader should see")
    if row.format == "html":
        try:
            etree.XPath(row.query)
        except etree.XPathSyntaxError as error:
            found.append(f"XPath: {error}")
    elif row.format in VIEWS:
        try:
            pattern = re.compile(row.query)
        except re.error as error:
            found.append(f"regex: {error}")
        else:
            if row.expected == "unique" and pattern.groups < 1:
                found.append("expected 'unique' needs a group in the regex")
            elif row.expected != "unique" and not row.expected.isdigit():
                found.append(f"expected {row.expected!r} is not a count or 'unique'")
    return found


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, list):
        return " ".join(v if isinstance(v, str) else v.text_content() if hasattr(v, "text_content") else str(v)
                        for v in value)
    return str(value)


def evaluate(row: Row, built: Path) -> list[str]:
    """How the outputs of a build (edition build --out BUILT) miss the row, one message per view; [] when met."""
    doc_id = etree.parse(str(FOREIGN / row.file)).getroot().get("{http://www.w3.org/XML/1998/namespace}id")

    def output(format: str, view: str) -> str:
        path = f"html/{doc_id}.html" if format == "html" else OUTPUT[format, view].format(id=doc_id)
        return (built / path).read_text(encoding="utf-8")
    # a document whose encoding gives the views nothing different to show has one view: no diplomatic text
    views = ("reading", "diplomatic") if (built / OUTPUT["txt", "diplomatic"].format(id=doc_id)).exists() \
        else ("reading",)
    return evaluate_outputs(row, output, views)


def evaluate_outputs(row: Row, output, views: tuple[str, ...] = ("reading", "diplomatic")) -> list[str]:
    """How a fixture's outputs miss the row, one message per view; [] when met. `output(format, view)` gives the
    text of one output: the web page for format html (any view), the plain text of a view, the Typst source (one
    for both views: the row reads the view's branches of it, tests/typstviews.py). `views`: the views the document
    has; a row's view the document does not have is read in its one text, the reading view's."""
    misses = []
    for view in row.views:
        shown = view if view in views or view == "page" else "reading"
        if row.format == "html":
            page = html.fromstring(output("html", "reading"))
            context = page if view == "page" else next(iter(page.xpath(f"//section[@id='{shown}']")), None)
            if context is None:
                misses.append(f"{view}: no section {view}")
                continue
            actual = _as_text(context.xpath(row.query))
        else:
            text = output(row.format, shown)
            if row.format == "typ":
                text = view_source(text, shown)
            matches = list(re.finditer(row.query, text))
            if row.expected == "unique":
                labels = [m.group(1) for m in matches]
                actual = "unique" if labels and len(set(labels)) == len(labels) else f"labels {labels}"
            else:
                actual = str(len(matches))
        if actual != row.expected:
            misses.append(f"{view}: {actual[:120]!r}")
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--built", type=Path, help="a build of tests/fixtures/foreign to evaluate the rows on")
    args = parser.parse_args()
    fixtures = {p.name for p in FOREIGN.glob("*.xml")}
    rows = read()
    bad = [(row, p) for row in rows for p in problems(row, fixtures)]
    for row, problem in bad:
        print(f"{INTENT.name}:{row.number}: {problem}")
    without = sorted(fixtures - {row.file for row in rows})
    for name in without:
        print(f"{name}: no intent rows")
    print(f"{len(rows)} rows, {len(fixtures)} fixtures, {len(bad) + len(without)} problems")
    if args.built and not bad:
        failing = [(row, misses) for row in rows if (misses := evaluate(row, args.built))]
        for row, misses in failing:
            print(f"  fails {row.file} {row.format} {row.view}: {row.says} -- {'; '.join(misses)}")
        print(f"{len(rows) - len(failing)} rows met, {len(failing)} not met")
    return 1 if bad or without else 0


if __name__ == "__main__":
    sys.exit(main())
