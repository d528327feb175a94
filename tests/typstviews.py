"""The Typst source of one view, for tests: typst.xsl writes both views of a document in one source, where an element
drawn differently in the two stands as `#ed-views[reading][diplomatic]` (and a value as `ed-views(r, d)` in code);
`view_source(markup, view)` keeps the branch of `view` of each markup switch, as Typst does when it compiles that
view, so that golden files and intent rows can be read per view.

The markup typst.xsl writes escapes every character Typst reads as syntax in text (`\\[`, `\\]`, `\\"`, `\\/` ...):
an unescaped `"` opens a string literal (in a call's arguments), an unescaped `//` a comment, and brackets nest."""

from __future__ import annotations

SWITCH = "#ed-views["


def view_source(markup: str, view: str) -> str:
    """The source with each `#ed-views[reading][diplomatic]` replaced by the branch of `view`."""
    parts, position = [], 0
    while True:
        start = _find_switch(markup, position)
        if start < 0:
            parts.append(markup[position:])
            return "".join(parts)
        reading_end = _closing(markup, start + len(SWITCH))
        if markup[reading_end + 1:reading_end + 2] != "[":
            raise ValueError(f"a switch at {start} has no diplomatic branch")
        diplomatic_end = _closing(markup, reading_end + 2)
        branch = (markup[start + len(SWITCH):reading_end] if view == "reading"
                  else markup[reading_end + 2:diplomatic_end])
        parts += [markup[position:start], view_source(branch, view)]
        position = diplomatic_end + 1


def _find_switch(markup: str, position: int) -> int:
    """The next switch outside strings and comments."""
    index = position
    while index < len(markup):
        if markup.startswith(SWITCH, index):
            return index
        index = _skip(markup, index)
    return -1


def _skip(markup: str, index: int) -> int:
    """The index after the token at `index`: an escaped character, a string literal, a comment or one character."""
    character = markup[index]
    if character == "\\":
        return index + 2
    if character == '"':
        end = index + 1
        while end < len(markup) and markup[end] != '"':
            end += 2 if markup[end] == "\\" else 1
        return end + 1
    if markup.startswith("//", index):
        end = markup.find("\n", index)
        return len(markup) if end < 0 else end
    return index + 1


def _closing(markup: str, index: int) -> int:
    """The index of the bracket closing the one opened just before `index`."""
    depth = 1
    while index < len(markup):
        character = markup[index]
        if character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth == 0:
                return index
        index = _skip(markup, index)
    raise ValueError("an unclosed bracket in a switch")
