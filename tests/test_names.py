"""pipeline/names.py: the one rule that turns a value from a source into a file name or a path."""

from __future__ import annotations

import os

import pytest

from pipeline import names
from pipeline.build import DOCUMENT_FILES


@pytest.mark.parametrize("value", ["cwihp77-report", "L00001", "1958-11-07-hac-meeting-minutes", "Hà-Nội", "中文",
                                   "x.diplomatic", "a_b", "n" * names.MAX_NAME_BYTES])
def test_names(value):
    assert names.name_problem(value) is None


@pytest.mark.parametrize("value, problem", [
    ("", "empty"), (".", "starts with '.'"), ("..", "starts with '.'"), (".hidden", "starts with '.'"),
    ("-rf", "starts with '-'"), ("trailing.", "ends with '.'"), ("a/b", "path separator"), ("a\\b", "path separator"),
    ("a b", "a space"), ("a\nb", "invisible character U+000A"), ("\u202eevil", "invisible character U+202E"),
    ("a\u200bb", "invisible character U+200B"), ("a:b", "':'"), ("50%", "'%'"), ("x#y", "'#'"), ("x?y", "'?'"),
    ("con", "device name"), ("NUL.txt", "device name"), ("com1", "device name"),
    ("n" * (names.MAX_NAME_BYTES + 1), "longer than"), ("é" * 51, "longer than"),
    (os.fsdecode(b"caf\xe9"), "not valid UTF-8"), (None, "empty")])
def test_refused_names(value, problem):
    assert problem in names.name_problem(value)


@pytest.mark.parametrize("text, name", [
    ("1958-11-07 HAC meeting: minutes", "1958-11-07-HAC-meeting-minutes"), ("../../etc/passwd", "etc-passwd"),
    ("", "document"), ("...", "document"), ("con", "document-con"), (os.fsdecode(b"caf\xe9"), "caf"),
    ("a\u202eb", "a-b"), ("é" * 80, "é" * 50)])
def test_derived_names_are_readable_and_safe(text, name):
    assert names.derived_name(text) == name
    assert names.is_name(names.derived_name(text))


def named(file: str, root_id: str = "", folders: tuple[str, ...] = ()) -> names.Named:
    return names.Named(file, root_id, folders, file.rsplit("/", 1)[-1].rsplit(".", 1)[0])


def test_document_paths_collisions_get_distinct_names_in_order():
    documents = [named("a.xml", "x"), named("b.xml", "x.diplomatic"), named("c.xml", "index"),
                 named("d.xml", "Letter"), named("e.xml", "letter"), named("f.xml", "x"), named("g.xml", "x-2"),
                 named("sub/h.xml", "", ("sub",)), named("i.xml", "../h")]
    paths, notes = names.document_paths(documents, DOCUMENT_FILES)
    # g wants x-2 itself: natural names are given first, renamed ones take what is left
    assert paths == ["x", "x.diplomatic-2", "index-2", "Letter", "letter-2", "x-3", "x-2", "sub/h", "i"]
    messages = {note.file: note.message() for note in notes}
    assert messages["b.xml"] == ('document path "x.diplomatic" is taken by a.xml (pdf/x.diplomatic.typ): its outputs '
                                 'are named "x.diplomatic-2"')
    assert "is the name of a page of the site" in messages["c.xml"]
    assert "is taken by d.xml" in messages["e.xml"]
    assert "is taken by a.xml" in messages["f.xml"]
    assert messages["i.xml"].startswith('xml:id "../h" cannot name a file (it starts with \'.\')')


def test_a_file_and_a_folder_of_one_name_collide():
    paths, notes = names.document_paths([named("a.xml", "x.html"), named("x/b.xml", "", ("x.html",))],
                                        ("html/{}.html",))
    assert paths == ["x.html", "x.html/b"] and notes == []  # html/x.html.html beside the folder html/x.html/
    # html/x.html is a's page: the folder of b's page is numbered, not b
    paths, notes = names.document_paths([named("a.xml", "x"), named("x/b.xml", "", ("x.html",)),
                                          named("x/c.xml", "", ("x.html",))], ("html/{}.html",))
    assert paths == ["x", "x.html-2/b", "x.html-2/c"]
    assert [note.file for note in notes] == ["x/b.xml", "x/c.xml"]
    # and the other way round: a's page would be b's folder
    paths, _ = names.document_paths([named("x/b.xml", "", ("x.html",)), named("a.xml", "x")], ("html/{}.html",))
    assert paths == ["x.html/b", "x-2"]


def test_documents_stay_out_of_the_search_index_folder():
    paths, notes = names.document_paths([named("pagefind/a.xml", "", ("pagefind",)), named("b.xml", "pagefind")],
                                        DOCUMENT_FILES)
    assert paths == ["pagefind-2/a", "pagefind"]  # html/pagefind.html is no folder: b keeps its name
    assert "a folder of the site" in notes[0].message()


def test_output_paths_stay_inside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert names.output_path(out, "html/1958/x.html") == out / "html" / "1958" / "x.html"
    (tmp_path / "elsewhere").mkdir()
    (out / "txt").symlink_to(tmp_path / "elsewhere")
    (out / "html" / "link.html").symlink_to(tmp_path / "elsewhere" / "file")
    for relative in ("txt/x.txt", "html/link.html", "../x", "html/../../x", "/etc/passwd", "html//x", "a\nb"):
        with pytest.raises(names.UnsafePath):
            names.output_path(out, relative)
    assert list((tmp_path / "elsewhere").iterdir()) == []
