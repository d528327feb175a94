"""The hardened loader: malformed input is located, hostile input is refused, nothing outside is read."""

from __future__ import annotations

import gzip
import subprocess
import sys
import textwrap

import pytest

from pipeline.xmlload import SourceError, load, require_tei

SECRET = "this-text-lives-outside-the-edition"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def refusal(path) -> str:
    with pytest.raises(SourceError) as caught:
        load(path)
    return str(caught.value)


def test_malformed_file_reports_line_and_column(tmp_path):
    path = write(tmp_path, "broken.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text>\n    <p>x</q>\n')
    assert refusal(path).startswith(f"{path}:3:13: error: not well-formed XML")


def test_external_entity_to_a_local_file_is_refused_without_reading_it(tmp_path, cli):
    secret = write(tmp_path, "secret.txt", SECRET)
    path = write(tmp_path, "xxe.xml", f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
                                      '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>&s;</p></TEI>')
    message = refusal(path)
    assert ":2:" in message and "external entity 's' refused" in message
    code, out, err = cli("validate", path)
    assert code == 1 and SECRET not in out + err
    code, out, err = cli("build", "--format", "html,txt", "--out", tmp_path / "out", path)
    assert code == 1 and SECRET not in out + err
    assert not any(SECRET in f.read_text(errors="replace") for f in (tmp_path / "out").rglob("*") if f.is_file())


def test_external_parameter_entity_and_dtd_are_not_loaded(tmp_path):
    dtd = write(tmp_path, "evil.dtd", f'<!ENTITY leak "{SECRET}">')
    parameter = write(tmp_path, "pe.xml", f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>\n<TEI/>')
    assert "external parameter entity 'p' refused" in refusal(parameter)
    external_dtd = write(tmp_path, "dtd.xml", f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">\n<TEI>&leak;</TEI>')
    assert SECRET not in refusal(external_dtd)


def test_external_dtd_subset_is_never_read(tmp_path):
    dtd = write(tmp_path, "tei.dtd", f'<!ATTLIST TEI leaked CDATA "{SECRET}"><!ENTITY leak "{SECRET}">')
    for name, doctype in (("net.xml", "http://127.0.0.1:9/tei.dtd"), ("local.xml", dtd.as_uri())):
        # a DOCTYPE naming a DTD is harmless: nothing is read, the document still parses
        source = load(write(tmp_path, name, f'<!DOCTYPE TEI SYSTEM "{doctype}">\n'
                                            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p xml:id="a"/></TEI>'))
        assert source.tree.docinfo.externalDTD is None and SECRET not in source.xml_text()
    duplicate_ids = write(tmp_path, "dup.xml", f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">\n'
                                               '<TEI><p xml:id="a"/><p xml:id="a"/></TEI>')
    assert "ID a already defined" in refusal(duplicate_ids)


def test_xinclude_is_never_processed(tmp_path):
    secret = write(tmp_path, "part.xml", f"<p>{SECRET}</p>")
    path = write(tmp_path, "xi.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
                                     f'<xi:include href="{secret.name}"/></TEI>')
    assert SECRET not in load(path).xml_text()


def test_gzip_named_xml_is_refused(tmp_path):
    path = write(tmp_path, "packed.xml", gzip.compress(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'))
    assert "gzip-compressed" in refusal(path)


@pytest.mark.parametrize("data, reason", [(b"", "empty file"), (b"\xef\xbb\xbf", "only a byte-order mark"),
                                          (b"   \n", "empty file")])
def test_empty_inputs_are_refused(tmp_path, data, reason):
    assert reason in refusal(write(tmp_path, "empty.xml", data))


def test_internal_entities_are_expanded(tmp_path):
    path = write(tmp_path, "ent.xml", '<!DOCTYPE TEI [<!ENTITY org "Cold War International History Project">]>\n'
                                      '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>&org;</p></TEI>')
    assert "Cold War International History Project" in load(path).xml_text()


def test_entity_bomb_fails_fast_with_bounded_memory(tmp_path):
    levels = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    path = write(tmp_path, "bomb.xml", f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{levels}]>\n<TEI>&l9;</TEI>')
    # in a child process capped at 1 GiB of address space and 20 s of CPU
    script = textwrap.dedent(f"""
        import resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        from pipeline.xmlload import load, SourceError
        start = time.monotonic()
        try:
            load({str(path)!r})
        except SourceError as error:
            print(error, round(time.monotonic() - start, 2))
            sys.exit(0)
        sys.exit(3)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    message, seconds = done.stdout.rsplit(" ", 1)
    assert "amplification" in message and float(seconds) < 5


def test_non_tei_and_p4_are_refused_by_name(tmp_path):
    html = load(write(tmp_path, "page.xml", "<html><body/></html>"))
    with pytest.raises(SourceError, match="not a TEI P5 document: root element <html> in no namespace"):
        require_tei(html)
    p4 = load(write(tmp_path, "p4.xml", "<TEI.2><teiHeader/></TEI.2>"))
    with pytest.raises(SourceError, match="TEI P4"):
        require_tei(p4)
