"""The PDF bomb check: how far a PDF's streams would decode, counted in bounded steps, never kept.

pdfium inflates a page's content stream whole: a 0.6 MB file that inflates to 1 GB took 2 GB of
memory. Every stream is decoded here first, whatever its dictionary says or how it spells it
(`/Fl#61teDecode`, padding, short names, indirect filters), chained layers included, and
owner-password encrypted files are decrypted with the key pdfminer.six derives.
"""

from __future__ import annotations

import re
import zlib
from io import BytesIO

INFLATED_CAP = 512 * 1024 * 1024  # bytes all streams of a PDF may decode to
STREAM_WINDOW = 64 * 1024 * 1024  # encoded bytes read per stream at most
MAX_LAYERS = 8  # filter layers per stream; more is refused (real PDFs use one or two)
RUNLENGTH_CAP = 20 * 1024 * 1024  # pdfium refuses a RunLength output this large (kMaxStreamSize)
_STEP = 1 << 20  # bytes decoded per step


class BombCheckFailed(Exception):
    """An encrypted PDF whose streams cannot be decrypted for the bomb check."""


class _KeyReady(Exception):
    """pdfminer has the key of an encrypted PDF (and is stopped there)."""

    def __init__(self, decipher):
        super().__init__("key ready")
        self.decipher = decipher


def inflates_beyond(content: bytes, cap: int) -> bool:
    """Whether the PDF's streams decode to more than cap bytes (a decompression bomb).

    pdfium decodes a page's content stream whole: a 0.6 MB file that inflates to 1 GB took 1.3 GB of
    memory. Every stream is decoded here first, in bounded steps, and counted, not kept. Nothing
    depends on how a dictionary is spelled: the data after every `stream` keyword is inflated when it
    starts like zlib data (and again while the output does, for chained Flate layers), and the
    filters a dictionary names in any spelling (`/Fl#61teDecode`, `/LZW`, an array, padding) are
    decoded as declared, LZW, RunLength and the ASCII filters included. An encrypted PDF's streams
    are decrypted first (the key from pdfminer.six, empty user password). Raises BombCheckFailed for
    an encrypted PDF whose key cannot be had.
    """
    return _decoded_total(content, cap) > cap


def _decoded_total(content: bytes, cap: int) -> int:
    """Bytes all streams decode to, counted until the total passes cap.

    The bytes as they stand are counted first: pdfminer, which gives an encrypted file's key, reads
    the (never encrypted) cross-reference streams whole, so they must be known harmless before.
    """
    keywords = list(_stream_keywords(content))
    objects = _Objects(content)
    total = _pass(content, keywords, objects, None, cap)
    if total > cap or not _ENCRYPT.search(content):
        return total
    decrypt = _decrypter(content)
    return total if decrypt is None else _pass(content, keywords, objects, decrypt, cap)


def _pass(content: bytes, keywords: list[int], objects: _Objects, decrypt, cap: int) -> int:
    """One count over all streams, read as they stand or (with decrypt) decrypted as well."""
    total, previous = 0, 0
    for index, end in enumerate(keywords):
        following = keywords[index + 1] if index + 1 < len(keywords) else len(content)
        total += _stream_total(content, (previous, end, following), objects, decrypt, cap - total)
        if total > cap:
            break
        previous = end
    return total


def _stream_keywords(content: bytes):
    """Where each `stream` keyword ends (not `endstream`); bytes.find: a look-behind regex was 50 times slower."""
    at = content.find(b"stream")
    while at >= 0:
        end = at + 6
        if not content[at - 1:at].isalpha() and not content[end:end + 1].isalpha():
            yield end
        at = content.find(b"stream", end)


class _Objects:
    """The `N G obj` headers of a file, found on first use (only encrypted files and indirect values need them)."""

    def __init__(self, content: bytes):
        self.content = content
        self._headers: list[tuple[int, int, int, int]] | None = None
        self._ends: dict[tuple[int, int], int] = {}

    @property
    def headers(self) -> list[tuple[int, int, int, int]]:
        """(start, object number, generation, end) of every header, in file order."""
        if self._headers is None:
            self._headers = []
            at = self.content.find(b"obj")
            while at >= 0:
                if not self.content[at + 3:at + 4].isalpha():
                    match = _OBJ_HEADER.search(self.content, max(0, at - 64), at + 3)
                    if match:
                        self._headers.append((match.start(), int(match.group(1)), int(match.group(2)), match.end()))
                at = self.content.find(b"obj", at + 3)
            self._ends = {(objid, gen): end for _, objid, gen, end in self._headers}  # the last copy wins
        return self._headers

    def end_of(self, objid: int, gen: int) -> int | None:
        """Where the header of an object ends; None when it is not plain in the file."""
        self.headers  # noqa: B018 - finds the headers on first use
        return self._ends.get((objid, gen))


def _stream_total(content: bytes, where: tuple[int, int, int], objects: _Objects, decrypt, budget: int) -> int:
    """Most bytes one stream may decode to, under each reading of it that pdfium could take.

    where: the end of the previous `stream` keyword, the end of this one and the start of the next.
    """
    previous, keyword_end, following = where
    start = _data_start(content, keyword_end)
    raw = memoryview(content)[start:start + STREAM_WINDOW]
    # The dictionary, with whatever stands between it and the end of the previous stream's data
    # (the first `endstream` after it: a fake one inside this dictionary cannot cut it short).
    closed = content.find(b"endstream", previous, keyword_end)
    before = (closed if closed >= 0 else previous, keyword_end)
    best = _measure(_chunks(raw), None, budget)  # data that starts like zlib, whatever the dictionary says
    readings = [raw]
    if decrypt is not None:
        extent = _extent(before, objects, start, following)
        readings += [decrypt(objid, gen, raw[:extent]) for objid, gen in _objects_of(objects, previous, keyword_end)]
        for plain in readings[1:]:
            best = max(best, _measure(_chunks(plain), None, budget))
    for chain in _declared_chains(before, objects):
        if chain is _TOO_DEEP:
            return budget + 1
        if _EXPANDING.intersection(chain):  # a chain of Flate alone is followed by the data above
            for data in readings:
                best = max(best, _measure(_chunks(data), chain, budget))
    return best


_EXPANDING = {"LZWDecode", "LZWDecodeLate", "RunLengthDecode", "ASCIIHexDecode", "ASCII85Decode"}
_LINE_END = re.compile(rb"[\r\n]")


def _data_start(content: bytes, keyword_end: int) -> int:
    """Where a stream's data begins: after the end of the line of the `stream` keyword, as pdfium reads it."""
    end = _LINE_END.search(content, keyword_end)
    if end is None:
        return len(content)
    return end.start() + (2 if content.startswith(b"\r\n", end.start()) else 1)


def _chunks(data):
    """The data in steps of _STEP bytes (views, not copies)."""
    data = memoryview(data)
    for offset in range(0, len(data), _STEP):
        yield data[offset:offset + _STEP]


class _Over(Exception):
    """The count passed its budget."""


def _measure(source, chain: list[str] | None, budget: int) -> int:
    """Bytes decoding produces from source, every layer counted; budget + 1 once past budget.

    chain None follows the data: a Flate layer while the bytes start like zlib data.
    """
    produced = 0

    def counted(chunks):
        nonlocal produced
        for chunk in chunks:
            produced += len(chunk)
            if produced > budget:
                raise _Over
            yield chunk

    stream = source
    try:
        if chain is None:
            for depth in range(MAX_LAYERS + 1):
                head, stream = _peek(stream, 2)
                if not _looks_zlib(head.lstrip(_WHITE) if depth == 0 else head):
                    break
                if depth == MAX_LAYERS:
                    return budget + 1
                stream = counted(_inflate(stream))
        else:
            for name in chain:
                stream = counted(_DECODERS[name](stream))
        for _ in stream:
            pass
    except _Over:
        return budget + 1
    return produced


_WHITE = b"\x00\t\n\x0c\r "


def _peek(chunks, size: int):
    """The first size bytes of a chunk stream (with room for leading white space) and the whole stream again."""
    taken, have, wanted = [], 0, size + 16
    for chunk in chunks:
        taken.append(chunk)
        have += len(chunk)
        if have >= wanted:
            break

    def again():
        yield from taken
        yield from chunks

    head = b"".join(bytes(chunk[:wanted]) for chunk in taken)[:wanted]
    return head, again()


def _looks_zlib(head: bytes) -> bool:
    """A zlib header: deflate method, a window of at most 32 kB and a valid check value."""
    return len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def _inflate(chunks):
    """Flate layer: inflated output in steps of at most _STEP bytes; stops at the end or damage."""
    inflater = zlib.decompressobj()
    started = False
    for chunk in chunks:
        if not started:  # white space before the data (a lenient reading of the line end) is skipped
            head = bytes(chunk[:64])
            chunk = chunk[len(head) - len(head.lstrip(_WHITE)):]
            started = len(head.lstrip(_WHITE)) > 0
        pending = chunk
        try:
            while pending and not inflater.eof:
                produced = inflater.decompress(pending, _STEP)
                pending = inflater.unconsumed_tail
                if produced:
                    yield produced
        except zlib.error:
            return  # pdfium keeps what it inflated before the damage; so does the count
        if inflater.eof:
            return


def _lzw(chunks, early: int = 1):
    """LZW layer as pdfium decodes it: 9- to 12-bit codes, table reset by 256, end at 257.

    Quirk: pdfium takes a code past the table for the KwKwK case (the previous string plus its first
    byte) instead of failing, and stops only after two such codes in a row; the table stops growing
    at 4094 - early entries.
    """
    table: list[bytes] = []
    previous: bytes | None = None
    width, bits, value, previous_code = 9, 0, 0, 0
    out, size = [], 0
    for chunk in chunks:
        for byte in bytes(chunk):
            value = (value << 8) | byte
            bits += 8
            if bits < width:
                continue
            bits -= width
            code = value >> bits
            value &= (1 << bits) - 1
            if code == 256:
                table, width, previous = [], 9, None
                continue
            if code == 257 or (code > 257 and previous is None):
                break
            if code < 256:
                string = bytes((code,))
            elif code - 258 < len(table):
                string = table[code - 258]
            else:
                assert previous is not None  # a code past 257 without a previous string stopped above
                string = previous + previous[:1]
            out.append(string)
            size += len(string)
            if size >= _STEP:
                yield b"".join(out)
                out, size = [], 0
            if code > 257 and previous_code > 257 and previous_code - 258 >= len(table):
                break
            if previous is not None and len(table) + early < 4094:
                table.append(previous + string[:1])
                width = min(12, (len(table) + 258 + early).bit_length())
            previous, previous_code = string, code
        else:
            continue
        break
    if out:
        yield b"".join(out)


def _lzw_late(chunks):
    """LZW with /EarlyChange 0: the code width grows one code later."""
    return _lzw(chunks, early=0)


def _runlength(chunks):
    """RunLength layer: n < 128 copies n + 1 bytes, n > 128 repeats the next byte 257 - n times, 128 ends.

    pdfium refuses an output of RUNLENGTH_CAP or more, so the count stops there.
    """
    carry, size = b"", 0
    for chunk in chunks:
        chunk = bytes(chunk)
        for offset in range(0, len(chunk), 1 << 16):  # 64 kB in, 4 MB out at most per step
            data = carry + chunk[offset:offset + (1 << 16)]
            piece, position, ended = _runs(data)
            carry = data[position:]
            if size + len(piece) >= RUNLENGTH_CAP:
                yield piece[:RUNLENGTH_CAP - size]
                return
            size += len(piece)
            yield piece
            if ended:
                return


def _runs(data: bytes) -> tuple[bytes, int, bool]:
    """The complete runs at the start of data: their output, where they end, and whether 128 (the end) came."""
    out: list[bytes] = []
    position = 0
    while position < len(data):
        length = data[position]
        if length == 128:
            return b"".join(out), position, True
        step = length + 2 if length < 128 else 2
        if position + step > len(data):
            break
        if length < 128:
            out.append(data[position + 1:position + step])
        else:
            out.append(data[position + 1:position + 2] * (257 - length))
        position += step
    return b"".join(out), position, False


_HEX_DIGITS = re.compile(rb"[^0-9A-Fa-f]")


def _ascii_hex(chunks):
    """ASCIIHex layer: pairs of hex digits up to '>', anything else skipped."""
    carry = b""
    for chunk in chunks:
        data = bytes(chunk)
        end = data.find(b">")
        digits = carry + _HEX_DIGITS.sub(b"", data if end < 0 else data[:end])
        usable = len(digits) - len(digits) % 2
        yield bytes.fromhex(digits[:usable].decode("ascii"))
        carry = digits[usable:]
        if end >= 0:
            break
    if carry:
        yield bytes.fromhex((carry + b"0").decode("ascii"))


_NOT_A85 = re.compile(rb"[^!-uz]")


def _ascii85(chunks):
    """ASCII85 layer: groups of five characters up to '~', 'z' for four zero bytes."""
    import base64

    carry = b""
    for chunk in chunks:
        data = bytes(chunk)
        end = data.find(b"~")
        # 'z' stands only between groups, so as "!!!!!" it decodes the same and keeps groups aligned.
        text = carry + _NOT_A85.sub(b"", data if end < 0 else data[:end]).replace(b"z", b"!!!!!")
        usable = len(text) - len(text) % 5
        try:
            yield base64.a85decode(text[:usable])
        except ValueError:
            return
        carry = text[usable:]
        if end >= 0:
            break
    if len(carry) > 1:
        try:
            yield base64.a85decode(carry + b"u" * (5 - len(carry)))[:len(carry) - 1]
        except ValueError:
            return


def _passing(chunks):
    """The Crypt filter: decryption happens before the chain, so the bytes pass."""
    return chunks


def _stop(chunks):
    """An image codec or unknown filter ends the chain: pdfium does not decode images for text."""
    return iter(())


_DECODERS = {"FlateDecode": _inflate, "LZWDecode": _lzw, "LZWDecodeLate": _lzw_late,
             "RunLengthDecode": _runlength, "ASCIIHexDecode": _ascii_hex, "ASCII85Decode": _ascii85,
             "Crypt": _passing, "Stop": _stop}
_FILTER_NAMES = {b"FlateDecode": "FlateDecode", b"Fl": "FlateDecode", b"LZWDecode": "LZWDecode",
                 b"LZW": "LZWDecode", b"RunLengthDecode": "RunLengthDecode", b"RL": "RunLengthDecode",
                 b"ASCIIHexDecode": "ASCIIHexDecode", b"AHx": "ASCIIHexDecode",
                 b"ASCII85Decode": "ASCII85Decode", b"A85": "ASCII85Decode", b"Crypt": "Crypt"}
_TOO_DEEP = ["Stop"]  # a chain longer than MAX_LAYERS: refused, not followed


def _spelled(name: bytes) -> bytes:
    """A regex for a PDF name in any spelling: each character plain or as a #hh escape."""
    return b"".join(b"(?:%s|#%s)" % (re.escape(bytes((c,))), b"".join(
        b"[%s%s]" % (h.upper().encode(), h.lower().encode()) if h.isalpha() else h.encode()
        for h in f"{c:02x}")) for c in name)


_DELIMITED = rb"(?=[\x00\t\n\x0c\r /\[\]<>()%{}]|$)"
_ENCRYPT = re.compile(rb"/" + _spelled(b"Encrypt") + _DELIMITED)
_FILTER_KEY = re.compile(rb"/" + _spelled(b"Filter") + _DELIMITED)
_LENGTH_KEY = re.compile(rb"/" + _spelled(b"Length") + _DELIMITED + rb"(?:\s|%[^\r\n]*)*(\d+)(?:\s+(\d+)\s+R\b)?")
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]<>()%{}]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_GAP = rb"(?:\s|%[^\r\n]*)+"
_OBJ_HEADER = re.compile(rb"(?<!\d)(\d{1,10})" + _GAP + rb"(\d{1,5})" + _GAP + rb"obj$")
_NUMBER = re.compile(rb"(?:\s|%[^\r\n]*)*(\d+)")
_VALUE = re.compile(rb"(?:\s|%[^\r\n]*)*(\[[^\]]*\]?|/[^\x00\t\n\x0c\r /\[\]<>()%{}]*|(\d+)\s+(\d+)\s+R\b)")


def _declared_chains(before: tuple[int, int], objects: _Objects) -> list[list[str]]:
    """The filter chains the /Filter entries before a stream name; every entry counts, nested or not.

    Quirk: pdfium accepts the short names (/Fl, /LZW, /RL, /AHx, /A85) and names with #hh escapes
    in stream dictionaries, and an indirect /Filter (followed here when the object is plain in the file).
    """
    chains, content = [], objects.content
    for key in _FILTER_KEY.finditer(content, *before):
        value = _VALUE.match(content, key.end(), before[1])
        if value is None:
            continue
        text = value.group(1)
        if value.group(2):  # an indirect /Filter: its object, when it stands plain in the file
            at = objects.end_of(int(value.group(2)), int(value.group(3)))
            target = _VALUE.match(content, at) if at is not None else None
            text = target.group(1) if target else b"/LZWDecode"  # unknown: assume the worst filter
        names = [_FILTER_NAMES.get(_HEX_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), n), "Stop")
                 for n in _NAME.findall(text)]
        if len(names) > MAX_LAYERS:
            chains.append(_TOO_DEEP)
        elif names:
            chains.append(names)
            if "LZWDecode" in names:  # /EarlyChange 0 shifts the code widths: count both readings
                chains.append(["LZWDecodeLate" if n == "LZWDecode" else n for n in names])
    return chains


def _objects_of(objects: _Objects, previous: int, keyword_end: int) -> list[tuple[int, int]]:
    """The object a stream belongs to: the header nearest before it, and the first after the last `endobj`.

    One and the same in a sound file; both are tried, so a fake "1 0 obj" inside the dictionary
    (in a string, say) cannot make the check decrypt with the wrong key.
    """
    import bisect

    headers = objects.headers
    low = bisect.bisect_left(headers, (previous,))
    high = bisect.bisect_left(headers, (keyword_end,))
    if low == high:
        return [(0, 0)]
    closed = objects.content.rfind(b"endobj", previous, keyword_end)
    after = bisect.bisect_left(headers, (closed,), low, high) if closed >= 0 else low
    picked = [headers[high - 1], headers[min(after, high - 1)]]
    return list(dict.fromkeys((objid, gen) for _, objid, gen, _ in picked))


def _extent(before: tuple[int, int], objects: _Objects, start: int, following: int) -> int:
    """Encoded length of a stream: to the `endstream` after its /Length (direct or plain in the file)."""
    declared = 0
    for match in _LENGTH_KEY.finditer(objects.content, *before):
        if match.group(2) is None:
            declared = max(declared, int(match.group(1)))
            continue
        at = objects.end_of(int(match.group(1)), int(match.group(2)))
        target = _NUMBER.match(objects.content, at) if at is not None else None
        declared = max(declared, int(target.group(1)) if target else following - start)
    end = objects.content.find(b"endstream", start + min(declared, STREAM_WINDOW))
    return min(STREAM_WINDOW, (end if end >= 0 else len(objects.content)) - start)


def _decrypter(content: bytes):
    """Decrypts one stream's bytes (objid, gen, data) for a PDF that opens with an empty user password.

    None when the PDF turns out not to be encrypted; BombCheckFailed when it is but cannot be read.
    The key comes from pdfminer.six; the bytes are decrypted here with `cryptography` (pdfminer's RC4
    is pure Python, 100 times slower).
    """
    import struct
    from hashlib import md5

    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    class KeyOnly(PDFDocument):
        """pdfminer's document, stopped as soon as it has the key: next it would read the catalog,
        maybe out of an (encrypted, so unchecked) object stream, and inflate that whole."""

        def _initialize_password(self, password: str = "") -> None:
            super()._initialize_password(password)
            raise _KeyReady(self.decipher)

    try:
        KeyOnly(PDFParser(BytesIO(content)), password="")
        return None  # no /Encrypt in the trailer: the name stood elsewhere
    except _KeyReady as ready:
        decipher = ready.decipher
    except PDFPasswordIncorrect:
        raise BombCheckFailed("PDF is encrypted (password required)") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        raise BombCheckFailed(f"encrypted PDF whose streams cannot be checked for a decompression bomb "
                              f"({exc.__class__.__name__})") from None
    if decipher is None:
        return None
    handler = decipher.__self__
    method = handler.decrypt_rc4.__name__
    if hasattr(handler, "cfm"):
        method = handler.cfm[handler.stmf].__name__
    key = handler.key

    def object_key(objid: int, gen: int, salt: bytes = b"") -> bytes:
        digest = md5(key + struct.pack("<L", objid)[:3] + struct.pack("<L", gen)[:2] + salt).digest()
        return digest[:min(len(key) + 5, 16)]

    def decrypt(objid: int, gen: int, data) -> bytes:
        data = bytes(data)
        if method == "decrypt_rc4":
            return Cipher(ARC4(object_key(objid, gen)), mode=None).decryptor().update(data)
        if method in ("decrypt_aes128", "decrypt_aes256") and len(data) >= 32:
            aes_key = object_key(objid, gen, b"sAlT") if method == "decrypt_aes128" else key
            body = data[16:len(data) - (len(data) - 16) % 16]
            return Cipher(algorithms.AES(aes_key), modes.CBC(data[:16])).decryptor().update(body)
        return data if method == "decrypt_identity" else b""

    return decrypt


