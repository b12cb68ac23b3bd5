"""Office attachments (DOCX, ODT, RTF, old DOC) through LibreOffice; a clear reason without it."""

from __future__ import annotations

import subprocess

import pytest

from pipeline.fetch.sniff import sniff_mime
from pipeline.text import office
from pipeline.text.documents import extract

TEXT = "Integrationskonzept der Stadt\n\nHandlungsfeld Sprache: Die Volkshochschule bietet Deutschkurse an."
needs_libreoffice = pytest.mark.skipif(office.soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """The same text saved by LibreOffice in each format (written at test time, not shipped)."""
    folder = tmp_path_factory.mktemp("office")
    source = folder / "brief.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = {}
    for suffix, filter_name in ((".docx", "docx"), (".odt", "odt"), (".rtf", "rtf"), (".doc", "doc:MS Word 97")):
        subprocess.run([office.soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/p",
                        "--infilter=Text (encoded):UTF8", "--convert-to", filter_name, "--outdir", str(folder),
                        str(source)], capture_output=True, timeout=120, check=True)
        out[suffix] = (folder / f"brief{suffix}").read_bytes()
    return out


@needs_libreoffice
@pytest.mark.parametrize("suffix,mime", [
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (".odt", "application/vnd.oasis.opendocument.text"),
    (".rtf", "application/rtf"),
    (".doc", "application/msword"),
])
def test_office_formats_are_read(documents, suffix, mime):
    content = documents[suffix]
    assert sniff_mime(content) == mime
    document = extract(content, mime)
    assert (document.status, document.method) == ("ok", "office")
    assert "Handlungsfeld Sprache: Die Volkshochschule bietet Deutschkurse an." in document.text


def test_without_libreoffice_the_reason_is_stated(monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    document = extract(b"{\\rtf1 Hallo}", "application/rtf")
    assert (document.status, document.method, document.reason) == (
        "unsupported", "none", "office document; LibreOffice is not installed (Debian package libreoffice-writer-nogui)")


@needs_libreoffice
def test_damaged_office_file_says_so():
    document = extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/msword")
    assert document.status == "unsupported"
    assert document.reason == "LibreOffice could not convert the document (damaged or not a text document)"


def test_zip_bomb_in_an_office_container_is_refused_before_libreoffice(monkeypatch):
    import io
    import zipfile

    from pipeline.text.documents import extract

    monkeypatch.setattr("pipeline.text.office.UNZIPPED_CAP", 8 * 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (16 * 2**20))
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    calls = []
    monkeypatch.setattr("pipeline.text.office.subprocess.run", lambda *a, **k: calls.append(a))
    monkeypatch.setattr("pipeline.text.office.soffice", lambda: "/usr/bin/soffice")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = extract(bomb, mime)
    assert (document.status, document.reason) == (
        "unsupported", "office document refused: its ZIP members expand to 16 MB, over the cap of 8 MB")
    assert not calls, "LibreOffice never saw it"
