"""Decompression bombs in PDFs: refused before pdfium (or pdfminer) decodes them, however the file spells them.

Each bomb is built here from bytes. The in-process tests lower the cap to 32 MB and use 64 MB
bombs, so they stay fast; the subprocess tests use the real cap and bombs of 600 MB and more, and
check the resident memory of a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
import zlib
from io import BytesIO

import pytest

from pipeline.text import pdfguard
from pipeline.text.documents import extract
from pipeline.text.pdfguard import inflates_beyond

from ..conftest import ROOT
from ..helpers.pdfs import pdf_of

CAP = 32 * 1024 * 1024
TEXT = b"BT /F1 12 Tf 10 10 Td (Hallo Welt) Tj ET"


def page(data: bytes, dictionary: bytes, extra: list[bytes] = ()) -> bytes:
    """A one-page PDF whose content stream (object 4) has the given data and dictionary entries."""
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d %s >>\nstream\n" % (len(data), dictionary) + data + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *extra])


def deflated(megabytes: int) -> bytes:
    """zlib data that inflates to the given size (spaces, so a page without text)."""
    compressor = zlib.compressobj(9)
    block = b" " * (1 << 20)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


def lzw_packed(codes: list[int], early: int = 1) -> bytes:
    """LZW codes packed as pdfium reads them: 9 to 12 bits, wider as the table grows."""
    table, started, bits, value, out = 0, False, 0, 0, bytearray()
    for code in codes:
        width = min(12, (table + 258 + early).bit_length())
        value, bits = (value << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
            value &= (1 << bits) - 1
        if code == 256:
            table, started = 0, False
        elif code != 257:
            table += started and table + early < 4094
            started = True
    return bytes(out + (bytes([(value << (8 - bits)) & 0xFF]) if bits else b""))


def lzw(data: bytes) -> bytes:
    """LZW-encoded data (a plain encoder, for pages that must still read)."""
    table, codes, word = {bytes([i]): i for i in range(256)}, [256], b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        codes.append(table[word])
        if len(table) + 2 < 4093:
            table[longer] = len(table) + 2
        word = bytes([byte])
    return lzw_packed(codes + [table[word], 257])


def lzw_bomb(megabytes: int, early: int = 1) -> bytes:
    """LZW codes that each name the entry being made (strings of 1, 2, 3 … spaces), then the longest
    reachable entry (code 4095, 3,839 bytes) again and again: about 2,500 times the input."""
    codes = [256, 32] + list(range(258, 4096))
    filled = sum(range(1, 4096 - 258 + 3))
    codes += [4095] * max(0, (megabytes << 20) // (4096 - 257) - filled // (4096 - 257) + 1)
    return lzw_packed(codes + [257], early)


def run_length(data: bytes) -> bytes:
    """RunLength encoding with literal runs only."""
    return b"".join(bytes([len(data[i:i + 128]) - 1]) + data[i:i + 128] for i in range(0, len(data), 128)) + b"\x80"


def encrypted(data: bytes, filters: str, algorithm: str, user: str = "") -> bytes:
    """A one-page PDF whose content stream is the given (encoded) data, encrypted by pypdf.

    An empty user password is how German administrations mostly ship them: anyone can open the file,
    the owner password only restricts editing, and every stream's bytes on disk are ciphertext.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject, StreamObject

    writer = PdfWriter()
    blank = writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream._data = data
    names = [NameObject(name) for name in filters.split()]
    stream[NameObject("/Filter")] = names[0] if len(names) == 1 else ArrayObject(names)
    blank[NameObject("/Contents")] = writer._add_object(stream)
    writer.encrypt(user_password=user, owner_password="geheim", algorithm=algorithm)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, the cipher of the standard security handler's revision 2."""
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    return Cipher(ARC4(key), mode=None).encryptor().update(data)


def catalog_in_encrypted_object_stream(megabytes: int) -> bytes:
    """An RC4-40 PDF with an empty user password whose catalog sits in an encrypted Flate object
    stream (object 1) that inflates to the given size; the cross-reference stream lists it.

    Whoever opens the document reads the catalog first: pdfminer's PDFDocument() inflated the whole
    object stream (64 MB of Python memory for the 64 MB bomb) before the check had counted anything.
    """
    from hashlib import md5

    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    first_id, permissions = b"0123456789abcdef", (-4).to_bytes(4, "little", signed=True)
    owner = rc4(md5(pad).digest()[:5], pad)
    key = md5(pad + owner + permissions + first_id).digest()[:5]
    head = b"2 0 "
    compressor = zlib.compressobj(9)
    objects_data = compressor.compress(head + b"<< /Type /Catalog /Pages 3 0 R >>")
    objects_data += b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(megabytes)) + compressor.flush()
    objects_data = rc4(md5(key + (1).to_bytes(3, "little") + b"\0\0").digest()[:10], objects_data)
    out, offsets = bytearray(b"%PDF-1.5\n"), {}
    offsets[1] = len(out)
    out += b"1 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(head), len(objects_data)) + objects_data + b"\nendstream\nendobj\n"
    offsets[3] = len(out)
    out += b"3 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    offsets[4] = len(out)
    out += b"4 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>\nendobj\n" % (
        owner.hex().encode(), rc4(key, pad).hex().encode())
    offsets[5] = len(out)
    rows = [b"\0" + b"\0" * 4 + b"\xff\xff", b"\1" + offsets[1].to_bytes(4, "big") + b"\0\0",
            b"\2" + (1).to_bytes(4, "big") + b"\0\0"] + [b"\1" + offsets[n].to_bytes(4, "big") + b"\0\0" for n in (3, 4, 5)]
    table = b"".join(rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Encrypt 4 0 R /ID [<%s> <%s>] /Length %d >>\n"
            b"stream\n" % (first_id.hex().encode(), first_id.hex().encode(), len(table)) + table + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


BOMBS = {
    # name: a PDF whose streams decode to 64 MB or more, each past the old /FlateDecode.{0,400}?>>stream guard
    "padded_dictionary": lambda: page(deflated(64), b"/Filter /FlateDecode" + b" " * 600),
    "hex_escaped_filter_name": lambda: page(deflated(64), b"/Filter /Fl#61teDecode"),
    "short_filter_name": lambda: page(deflated(64), b"/Filter /Fl"),
    "no_filter_name_at_all": lambda: page(deflated(64), b"/Filter 6 0 R", [b"[/FlateDecode]"]),
    "chained_flate": lambda: page(zlib.compress(deflated(64), 9), b"/Filter [/FlateDecode /FlateDecode]"),
    "chained_flate_escaped": lambda: page(zlib.compress(deflated(64), 9), b"/Filter [/F#6c /Fl#61teDecode]"),
    "lzw": lambda: page(lzw_bomb(64), b"/Filter /LZWDecode"),
    "lzw_escaped_short": lambda: page(lzw_bomb(64), b"/Filter /L#5aW"),
    "lzw_early_change_0": lambda: page(lzw_bomb(64, early=0), b"/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >>"),
    "lzw_then_flate": lambda: page(lzw(zlib.compress(b" " * (64 << 20), 9)), b"/Filter [/LZW /Fl]"),
    "ascii_hex_then_flate": lambda: page(deflated(64).hex().encode() + b">", b"/Filter [/AHx /FlateDecode]"),
    "ascii85_then_flate": lambda: page(__import__("base64").a85encode(deflated(64)) + b"~>",
                                       b"/Filter [/ASCII85Decode /FlateDecode]"),
    "run_length_then_flate": lambda: page(run_length(deflated(64)), b"/Filter [/RL /Fl]"),
    "indirect_filter_array": lambda: page(lzw_bomb(64), b"/Filter 6 0 R", [b"[ /LZWDecode ]"]),
    "encrypted_rc4_owner_password_only": lambda: encrypted(deflated(64), "/FlateDecode", "RC4-128"),
    "encrypted_rc4_40_lzw": lambda: encrypted(lzw_bomb(64), "/LZWDecode", "RC4-40"),
    "encrypted_aes128_owner_password_only": lambda: encrypted(deflated(64), "/FlateDecode", "AES-128"),
    "encrypted_aes256_owner_password_only": lambda: encrypted(deflated(64), "/FlateDecode", "AES-256"),
    "encrypted_catalog_in_object_stream": lambda: catalog_in_encrypted_object_stream(64),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_is_refused_quickly_with_bounded_memory(name, monkeypatch):
    monkeypatch.setattr("pipeline.text.documents.INFLATED_CAP", CAP)
    bomb = BOMBS[name]()
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        assert inflates_beyond(bomb, CAP), "the guard's verdict, before pdfium runs"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 30
    assert peak < 48 * 2**20, f"the check itself peaked at {peak / 2**20:.0f} MB"
    document = extract(bomb, "application/pdf")
    assert (document.status, document.reason) == ("too_large", "compressed streams expand beyond 32 MB (decompression bomb)")


READABLE = {
    # the same spellings with a small page of text: pdfium reads them, and so must the pipeline
    "hex_escaped_filter_name": lambda: page(zlib.compress(TEXT), b"/Filter /Fl#61teDecode"),
    "padded_dictionary": lambda: page(zlib.compress(TEXT), b"/Filter /FlateDecode" + b" " * 600),
    "chained_flate": lambda: page(zlib.compress(zlib.compress(TEXT)), b"/Filter [/FlateDecode /FlateDecode]"),
    "lzw": lambda: page(lzw(TEXT * 50), b"/Filter /LZWDecode"),
    "ascii_hex_then_flate": lambda: page(zlib.compress(TEXT).hex().encode() + b">", b"/Filter [/AHx /Fl]"),
    "run_length_then_flate": lambda: page(run_length(zlib.compress(TEXT)), b"/Filter [/RL /Fl]"),
    "encrypted_rc4_owner_password_only": lambda: encrypted(zlib.compress(TEXT), "/FlateDecode", "RC4-128"),
    "encrypted_aes128_owner_password_only": lambda: encrypted(zlib.compress(TEXT), "/FlateDecode", "AES-128"),
    "encrypted_aes256_owner_password_only": lambda: encrypted(zlib.compress(TEXT), "/FlateDecode", "AES-256"),
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_page_in_the_same_spelling_under_the_cap_is_read(name, monkeypatch):
    monkeypatch.setattr("pipeline.text.documents.INFLATED_CAP", CAP)
    content = READABLE[name]()
    assert not inflates_beyond(content, CAP)
    document = extract(content, "application/pdf")
    assert document.status == "ok", document.reason
    assert "Hallo Welt" in document.text


def test_the_check_counts_what_pdfium_decodes_not_more():
    """The counts match the decoded sizes, so a normal file is never refused for what it is not."""
    assert pdfguard._decoded_total(page(deflated(8), b"/Filter /FlateDecode"), CAP) == 8 << 20
    assert pdfguard._decoded_total(page(lzw(b"x" * 100_000), b"/Filter /LZWDecode"), CAP) == 100_000
    two_layers = page(zlib.compress(deflated(8)), b"/Filter [/FlateDecode /FlateDecode]")
    assert pdfguard._decoded_total(two_layers, CAP) == (8 << 20) + len(deflated(8))


def test_more_filter_layers_than_any_real_file_uses_are_refused():
    data = TEXT
    for _ in range(pdfguard.MAX_LAYERS + 1):
        data = zlib.compress(data)
    assert inflates_beyond(page(data, b"/Filter /FlateDecode"), CAP)
    assert inflates_beyond(page(TEXT, b"/Filter [" + b"/AHx " * (pdfguard.MAX_LAYERS + 1) + b"]"), CAP)


def test_run_length_is_counted_only_up_to_what_pdfium_accepts(monkeypatch):
    """pdfium refuses a RunLength stream of 20 MB or more; a repeat run turns 2 bytes into 128."""
    stream = b"\x81 " * 200_000 + b"\x80"  # 25.6 MB of spaces
    assert pdfguard._decoded_total(page(stream, b"/Filter /RunLengthDecode"), 10**9) == pdfguard.RUNLENGTH_CAP


def test_encrypted_pdf_that_needs_a_user_password_is_reported_without_pdfium():
    content = encrypted(deflated(64), "/FlateDecode", "AES-128", user="geheim")
    document = extract(content, "application/pdf")
    assert (document.status, document.reason) == ("encrypted", "PDF is encrypted (password required)")


CHILD = """
import json, resource, sys, time
from tests.text.test_bombs import BIG
from pipeline.text.documents import extract
content = BIG[sys.argv[1]]()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
document = extract(content, "application/pdf")
print(json.dumps({"status": document.status, "seconds": time.monotonic() - started, "size": len(content),
                  "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""
BIG = {
    # the reported case (0.6 MB file, 1.3 GB resident in pdfium) and an LZW bomb, at the real cap
    "padded_and_hex_escaped_flate": lambda: page(deflated(640), b"/Filter /Fl#61teDecode" + b" " * 600),
    "lzw_1_gb": lambda: page(lzw_bomb(1024), b"/Filter /LZWDecode"),
}


@pytest.mark.parametrize("name", sorted(BIG))
def test_real_size_bomb_stays_bounded_in_a_fresh_process(name):
    run = subprocess.run([sys.executable, "-c", CHILD, name], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["size"] < 1_000_000
    assert result["status"] == "too_large"
    assert result["grew_mb"] < 200, f"the process grew by {result['grew_mb']:.0f} MB"
    assert result["seconds"] < 60
