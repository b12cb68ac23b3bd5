"""Log lines cannot be forged, carry no credential, and a flood of one kind of warning is cut off."""

from __future__ import annotations

import io
import json
import logging
import random
import re
import sys

import pytest

import pipeline.ops.logs
from pipeline.crawl.context import CityReport
from pipeline.ops.logs import FAILURES_LOGGED, FailureLimit, OperatorFormatter, configure, reset_failure_counts
from pipeline.redact import public_url, redact, redact_url

FORGED = "\r\n2026-01-01T00:00:00Z ERROR pipeline.crawl.context city=herne fake"
# The text format as a reader parses it: time, level, logger, known fields (quoted or bare), message.
LINE = re.compile(r'(\S+) (\S+) (\S+)((?: (?:city|url|kind|db)=(?:"(?:[^"\\]|\\.)*"|[^\s"]\S*))*) (.*)', re.DOTALL)
FIELD = re.compile(r' (city|url|kind|db)=("(?:[^"\\]|\\.)*"|[^\s"]\S*)')
UNPRINTABLE = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9b", "\xa0", "\u200e", "\u202e", "\u2028", "\u2029",
                                                "\ufeff", "\ud800", "\U000e0001"]


def _record(message="file failure: %s", args=("HTTP 404",), level=logging.WARNING, name="pipeline.crawl.context", **fields):
    record = logging.LogRecord(name, level, __file__, 1, message, args, None)
    record.__dict__.update(fields)
    return record


def _text(record) -> str:
    return OperatorFormatter().format(record)


def _value(raw: str) -> str:
    """A field's text as written, unquoted and unescaped."""
    if raw.startswith('"'):
        assert raw.endswith('"') and len(raw) > 1, raw
        raw = raw[1:-1]
    codes = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r'\\(["\\nrt]|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})',
                  lambda m: codes.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), raw)


def _parse(line: str) -> tuple[str, dict, str]:
    """The level, the fields and the message of a text line, as a reader of the format sees them."""
    match = LINE.fullmatch(line)
    assert match, line
    return match.group(2), dict(FIELD.findall(match.group(4))), match.group(5)


# ------------------------------------------------------------------ forging


def _written(record, as_json=False) -> str:
    """What a stream handler writes for the record."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OperatorFormatter(as_json))
    handler.handle(record)
    return stream.getvalue()


def test_a_forged_line_in_the_url_stays_inside_one_line():
    record = _record(city="rostock", url="https://ris.example.de/vo020.asp?VOLFDNR=7" + FORGED)
    written = _written(record)
    assert written.count("\n") == 1 and "\r" not in written and written.endswith("\n")
    line = written[:-1]
    assert line.splitlines() == [line]
    assert " WARNING pipeline.crawl.context city=rostock " in line and line.count("ERROR") == 1
    assert not line.startswith("2026-01-01") and "\\r\\n2026-01-01T00:00:00Z ERROR" in line
    level, fields, message = _parse(line)
    assert level == "WARNING" and fields["city"] == "rostock" and message == "file failure: HTTP 404"
    assert fields["url"] == '"https://ris.example.de/vo020.asp?VOLFDNR=7\\r\\n2026-01-01T00:00:00Z ERROR ' \
                            'pipeline.crawl.context city=herne fake"'


@pytest.mark.parametrize("where", ["url", "city", "kind", "db", "message"])
def test_no_field_and_no_message_can_start_a_line(where):
    hostile = "x" + FORGED
    record = _record("%s", (hostile,)) if where == "message" else _record(**{where: hostile})
    for as_json in (False, True):
        written = _written(record, as_json)
        assert written.count("\n") == 1 and "\r" not in written, (where, as_json)
        assert re.search(r"^\S+ ERROR", written, re.MULTILINE) is None
    _, fields, _ = _parse(_text(record))
    if where == "city":
        assert _value(fields["city"]) == hostile
    else:
        assert "city" not in fields, "the forged city=herne is no field"


@pytest.mark.parametrize("char", UNPRINTABLE, ids=[f"U+{ord(c):04X}" for c in UNPRINTABLE])
def test_every_unprintable_character_is_escaped_in_both_formats(char):
    url = f"https://ris.example.de/a{char}b"
    record = _record("failure: %s", (f"bad{char}id",), city=f"her{char}ne", url=url, kind=f"lay{char}out")
    text = _text(record)
    assert text.isprintable() and len(text.splitlines()) == 1
    text.encode("utf-8")  # a lone surrogate would make the handler fail
    as_json = OperatorFormatter(as_json=True).format(record)
    assert as_json.isprintable() and len(as_json.splitlines()) == 1
    as_json.encode("utf-8")
    entry = json.loads(as_json)  # JSON keeps the exact text, escaped only in its notation
    assert (entry["url"], entry["city"], entry["kind"], entry["message"]) == \
           (url, f"her{char}ne", f"lay{char}out", f"failure: bad{char}id")


def test_escapes_are_readable():
    line = _text(_record("a\nb\tc\x1b[31md\u2028e", (), url="https://h/x\ny"))
    assert line.endswith(" url=https://h/x\\ny a\\nb\\tc\\x1b[31md\\u2028e")


@pytest.mark.parametrize("value", [
    "https://ris.example.de/x city=herne",
    "https://ris.example.de/x\u00a0city=herne",
    'https://ris.example.de/x" city=herne',
    'https://ris.example.de/x\\" city=herne',
    "https://ris.example.de/x\\",
    "https://ris.example.de/x\\ city=herne",
])
def test_a_field_value_cannot_pass_for_another_field(value):
    level, fields, message = _parse(_text(_record(url=value, kind="layout")))
    assert set(fields) == {"url", "kind"} and fields["kind"] == "layout" and message == "file failure: HTTP 404"
    assert _value(fields["url"]) == value
    _, fields, _ = _parse(_text(_record(city=value)))
    assert set(fields) == {"city"} and _value(fields["city"]) == value


def test_quoted_values_are_unambiguous():
    _, fields, _ = _parse(_text(_record(db='/srv/my data/"x"\\y.db')))
    assert fields["db"] == '"/srv/my data/\\"x\\"\\\\y.db"'
    _, fields, _ = _parse(_text(_record(db="/srv/ratsinfo/data/ratsinfo.db")))
    assert fields["db"] == "/srv/ratsinfo/data/ratsinfo.db", "a plain value stays bare"


def test_a_message_cannot_pass_for_a_field():
    line = _text(_record("%s", ("city=herne fake",)))
    level, fields, message = _parse(line)
    assert fields == {} and message == "city\\x3dherne fake"
    assert _text(_record("%s", ("a = b",))).endswith(" a = b"), "only a leading key=value is escaped"


def test_a_traceback_at_debug_is_one_line_and_redacted():
    try:
        raise ValueError("cannot fetch https://u:pw@h/x?password=geheim\nsecond line")
    except ValueError:
        record = logging.LogRecord("pipeline.fetch.client", logging.DEBUG, __file__, 1, "failed", (), sys.exc_info())
    line = _text(record)
    assert len(line.splitlines()) == 1 and "Traceback" in line and "geheim" not in line and "pw@" not in line
    assert "password=***" in line


# ------------------------------------------------------------------ redaction

@pytest.mark.parametrize("url,logged,public", [
    # the reported gap: names that only contain a credential word
    ("https://h/x?password=geheim&a=1", "https://h/x?password=***&a=1", "https://h/x?a=1"),
    ("https://h/x?Passwort=geheim&a=1", "https://h/x?Passwort=***&a=1", "https://h/x?a=1"),
    ("https://h/x?a=1&PASSWORD=x&userPassword=y", "https://h/x?a=1&PASSWORD=***&userPassword=***", "https://h/x?a=1"),
    ("https://h/x?api_key=k&apikey=k&Key-Pair-Id=k&page=2", "https://h/x?api_key=***&apikey=***&Key-Pair-Id=***&page=2",
     "https://h/x?page=2"),
    ("https://h/x?PHPSESSID=s&jsessionid=s&sid=s&ASP.NET_SessionId=s&id=5",
     "https://h/x?PHPSESSID=***&jsessionid=***&sid=***&ASP.NET_SessionId=***&id=5", "https://h/x?id=5"),
    ("https://h/x?X-Amz-Credential=c&X-Amz-Signature=s&sig=s&Authorization=a&client_secret=s&pwd=p&v=1",
     "https://h/x?X-Amz-Credential=***&X-Amz-Signature=***&sig=***&Authorization=***&client_secret=***&pwd=***&v=1",
     "https://h/x?v=1"),
    ("https://h/cb?code=abc&zipcode=44623&CODE=x", "https://h/cb?code=***&zipcode=44623&CODE=***",
     "https://h/cb?zipcode=44623"),
    # userinfo, also with @ and : in the password, IPv6 hosts and ports
    ("https://user:p@ss:w@rd@ris.example.de/a", "https://ris.example.de/a", "https://ris.example.de/a"),
    ("https://user@ris.example.de:8443/a?b=1", "https://ris.example.de:8443/a?b=1",
     "https://ris.example.de:8443/a?b=1"),
    ("http://u:p@[2001:db8::1]:8080/p?token=t&x=1", "http://[2001:db8::1]:8080/p?token=***&x=1",
     "http://[2001:db8::1]:8080/p?x=1"),
    ("http://[::1]/p?a=1", "http://[::1]/p?a=1", "http://[::1]/p?a=1"),
    ("https://u:p@h", "https://h", "https://h"),
    ("//u:p@h/x?token=1", "//h/x?token=***", "//h/x"),
    # fragments, repeated parameters, parameters without a value, separators
    ("https://h/x?a=1#top", "https://h/x?a=1#top", "https://h/x?a=1#top"),
    ("https://h/x?token=1#top", "https://h/x?token=***#top", "https://h/x#top"),
    ("https://h/cb#access_token=t&state=s", "https://h/cb#access_token=***&state=s", "https://h/cb#state=s"),
    ("https://h/#!/view?sig=1&n=2", "https://h/#!/view?sig=***&n=2", "https://h/#!/view?n=2"),
    ("https://h/x?a=1&token=1&a=2&token=2&b", "https://h/x?a=1&token=***&a=2&token=***&b", "https://h/x?a=1&a=2&b"),
    ("https://h/x?token&a=&=v&&b=1", "https://h/x?token&a=&=v&&b=1", "https://h/x?token&a=&=v&&b=1"),
    ("https://h/x?token=", "https://h/x?token=***", "https://h/x"),
    ("https://h/x?a=1;session=s;b=2", "https://h/x?a=1;session=***;b=2", "https://h/x?a=1;b=2"),
    ("https://h/app;jsessionid=ABC?x=1", "https://h/app;jsessionid=***?x=1", "https://h/app?x=1"),
    ("https://h/x?", "https://h/x?", "https://h/x?"),
    ("https://h/x#", "https://h/x#", "https://h/x#"),
    # encodings stay as they were: +, %20, %-encoded and raw non-ASCII, %-encoded names are decoded to match
    ("https://h/sitzung%20a/Bürger?q=a+b&r=%20&s=%C3%A4&t=ä&token=x&u=%2F",
     "https://h/sitzung%20a/Bürger?q=a+b&r=%20&s=%C3%A4&t=ä&token=***&u=%2F",
     "https://h/sitzung%20a/Bürger?q=a+b&r=%20&s=%C3%A4&t=ä&u=%2F"),
    ("https://h/x?%70assword=x&pass+word=y&a=1", "https://h/x?%70assword=***&pass+word=***&a=1", "https://h/x?a=1"),
    ("https://h/x?Paßwort=x&a=1", "https://h/x?Paßwort=x&a=1", "https://h/x?Paßwort=x&a=1"),
    # relative and other schemes
    ("vo020.asp?VOLFDNR=12&token=t", "vo020.asp?VOLFDNR=12&token=***", "vo020.asp?VOLFDNR=12"),
    ("ftp://u:p@files.example.de/a.pdf", "ftp://files.example.de/a.pdf", "ftp://files.example.de/a.pdf"),
])
def test_credentials_are_masked_for_logs_and_removed_for_publishing(url, logged, public):
    assert redact_url(url) == logged
    assert public_url(url) == public


@pytest.mark.parametrize("url", [
    "", "?", "#", "//", "https://", "https://@", "http://[::1", "http://]::1[/", "http://h:99999999/", "::::",
    "%", "%zz=%zz&%=%", "https://h/?%E4=%ff&token%=1", "javascript:alert(1)", "mailto:a@b.de?subject=x&token=1",
    " https://u:p@h/ ", "\x00https://u:p@h/\x00", "https://h/\ud800?token=\udfff", "ht tp://u:p@h/",
    "https://h/x?a=1#b#c",
    "https://h/x??token=1", "https://h/x?token=1?token=2", "https://h;token=1/x", "https://h/;=;;token=1;/",
])
def test_malformed_urls_do_not_raise(url):
    for clean in (public_url, redact_url, redact):
        assert isinstance(clean(url), str)


def test_urls_without_credentials_are_kept_byte_for_byte():
    corpus = ["https://www.herne.de/allris/do027.asp?DOLFDNR=50010&options=64",
              "https://ris.rostock.de/bi/si0057.php?__ksinr=7&__kvonr=1&topSelected=2",
              "https://sessionnet.krz.de/herdecke/bi/getfile.php?id=123&type=do",
              "https://oparl.example.de/oparl/body/1/paper?page=2&modified_since=2026-01-01T00%3A00%3A00%2B01%3A00",
              "HTTPS://H.example.de:443/A%2fb/./../c;v=1?Q=%7E+~&&z#Frag=1&x"]
    for url in corpus:
        assert public_url(url) == url and redact_url(url) == url


def test_cleaning_random_urls_never_raises_and_is_stable():
    pieces = ["https://", "//", "u:p@", "@", "h", "[::1]", ":80", "/", "?", "#", "&", ";", "=", "token", "a", "%",
              "%41", "ä", " ", "\n", "+", "pass", "code", "!"]
    rng = random.Random(7)
    for _ in range(3000):
        url = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        public, logged = public_url(url), redact_url(url)
        assert public_url(public) == public and redact_url(logged) == logged, url
        authority = re.match(r"(?:https:)?//([^/?#]*)", public)
        assert authority is None or "@" not in authority.group(1), url


def test_urls_in_messages_and_fields_are_redacted():
    text = "fetching https://u:pw@h/x?password=geheim&a=1 and 'http://h2/y?Passwort=g2' failed"
    assert redact(text) == "fetching https://h/x?password=***&a=1 and 'http://h2/y?Passwort=***' failed"
    record = _record("%s", (text,), city="herne", url="do027.asp?DOLFDNR=1&sessionid=s",
                     db="https://u:pw@h/db?token=t")
    for line in (_text(record), OperatorFormatter(as_json=True).format(record)):
        for secret in ("geheim", "g2", "pw@", "=s", "token=t"):
            assert secret not in line, (secret, line)
        assert "DOLFDNR=1&sessionid=***" in line and "https://h/db?token=***" in line


# ------------------------------------------------------------------ the warning limit

@pytest.fixture
def logged(capsys):
    """configure() as the CLI calls it; yields a function returning the lines written to stderr since.

    configure() runs when the test first calls it: during the fixture's setup stderr is another stream.
    """
    root = logging.getLogger()
    level = root.level
    started = []

    def lines() -> list[str]:
        if not started:
            configure()
            started.append(True)
        return capsys.readouterr().err.splitlines()

    yield lines
    for handler in [h for h in root.handlers if getattr(h, "ratsinfo", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


def test_a_million_junk_items_write_twenty_lines_and_one_notice(logged):
    assert logged() == []
    report = CityReport("herne")
    for number in range(10_000):  # as many as a page of junk items yields: the limit does not depend on the number
        report.fail("layout", f"https://ris.example.de/vo020.asp?VOLFDNR={number}", "no table of consultations")
    lines = logged()
    assert len(lines) == FAILURES_LOGGED + 1 and report.failures["layout"] == 10_000
    assert all(" WARNING pipeline.crawl.context city=herne url=" in line for line in lines[:-1])
    assert lines[-1].endswith(" WARNING pipeline.crawl.context city=herne kind=layout further 'layout' failures of herne "
                              "are not logged; the summary counts them")


def test_the_limit_counts_per_logger_city_and_kind_and_never_errors(logged):
    assert logged() == []
    log = logging.getLogger("pipeline.crawl.context")
    for _ in range(50):
        for city in ("herne", "rostock"):
            for kind in ("layout", "file"):
                log.warning("%s failure: %s", kind, "x", extra={"city": city, "url": "https://h/"})
        logging.getLogger("pipeline.ops.reprocess").warning("%s failure: %s", "layout", "x", extra={"city": "herne"})
        log.error("store failed for %s", "herne", extra={"city": "herne"})
    lines = logged()
    assert sum(" ERROR " in line for line in lines) == 50
    for city in ("herne", "rostock"):
        for kind in ("layout", "file"):
            mine = [line for line in lines if f"pipeline.crawl.context city={city} " in line and (
                f"{kind} failure" in line or f"'{kind}'" in line)]
            assert len(mine) == FAILURES_LOGGED + 1, (city, kind)
    assert sum("pipeline.ops.reprocess" in line for line in lines) == FAILURES_LOGGED + 1


def test_the_kind_field_wins_over_the_first_argument():
    limit = FailureLimit(limit=2)
    passed = [limit.filter(_record("%s failure: %s", (f"arg{n}", "x"), city="herne", kind="layout"))
              for n in range(5)]
    assert passed == [True, True, True, False, False]
    notice = _record("%s failure: %s", ("argX", "x"), city="herne", kind="file", url="https://h/1")
    other = FailureLimit(limit=0)
    assert other.filter(notice) and notice.getMessage() == \
           "further 'file' failures of herne are not logged; the summary counts them"
    assert "url=" not in _text(notice) and " kind=file " in _text(notice)


def test_warnings_without_city_or_text_argument_are_limited_by_their_template():
    limit = FailureLimit(limit=1)
    first, second = (_record("text extraction failed: %s", (ValueError(n),), name="pipeline.text.documents")
                     for n in range(2))
    assert limit.filter(first) and limit.filter(second)
    assert second.getMessage() == "further 'text extraction failed: %s' warnings are not logged"
    assert not limit.filter(_record("text extraction failed: %s", (ValueError(3),), name="pipeline.text.documents"))
    assert all(limit.filter(_record("x", (), level=level)) for level in (logging.DEBUG, logging.INFO, logging.ERROR,
                                                                         logging.CRITICAL) for _ in range(5))


def test_distinct_kinds_beyond_the_cap_share_one_count(monkeypatch):
    monkeypatch.setattr(pipeline.ops.logs, "_MAX_KINDS", 3)
    limit = FailureLimit(limit=2)
    passed = [limit.filter(_record("cannot fetch %s", (f"https://h/{n}",), city="herne")) for n in range(10)]
    assert passed == [True] * 3 + [True, True, True] + [False] * 4, "3 own kinds, then 'other': 2 and the notice"
    assert len(limit._counts) == 4


def test_counts_start_afresh_per_run(logged):
    assert logged() == []
    log = logging.getLogger("pipeline.crawl.context")
    for _ in range(3 * FAILURES_LOGGED):
        log.warning("%s failure: %s", "layout", "x", extra={"city": "herne"})
    assert len(logged()) == FAILURES_LOGGED + 1
    reset_failure_counts()
    log.warning("%s failure: %s", "layout", "x", extra={"city": "herne"})
    assert logged()[0].endswith(" layout failure: x")
    for _ in range(3 * FAILURES_LOGGED):
        log.warning("%s failure: %s", "layout", "x", extra={"city": "herne"})
    logged()
    configure()  # the next run in the same process
    log.warning("%s failure: %s", "layout", "x", extra={"city": "herne"})
    assert [line[21:] for line in logged()] == ["WARNING pipeline.crawl.context city=herne layout failure: x"]


@pytest.mark.parametrize("name", ["author", "keyword", "passage", "design", "side", "modified_since", "VOLFDNR",
                                  "__ksinr", "kvonr", "options", "page"])
def test_ordinary_parameter_names_stay_in_a_published_url(name):
    url = f"https://ris.example.de/vo020.asp?{name}=1&x=2"
    assert public_url(url) == url


@pytest.mark.parametrize("name", ["apiKey", "myAccessToken", "Authorization", "PHPSESSID", "passwort", "AuthToken"])
def test_credential_words_inside_camel_case_and_compounds_are_found(name):
    assert public_url(f"https://ris.example.de/x?{name}=geheim&id=3") == "https://ris.example.de/x?id=3"


def test_urllib3_retry_lines_are_written_in_the_projects_words(capsys):
    from urllib3.util.retry import Retry

    pipeline.ops.logs.configure(verbosity=1)
    try:
        logging.getLogger("urllib3.connectionpool").warning(
            "Retrying (%r) after connection broken by '%r': %s", Retry(total=3), TimeoutError("read timed out"),
            "/herne/allris/vo020.asp")
    finally:
        pipeline.ops.logs.configure()
    line = capsys.readouterr().err.strip()
    assert re.fullmatch(r"\S+Z INFO urllib3\.connectionpool url=/herne/allris/vo020\.asp "
                        r"connection broken \(TimeoutError\), retrying", line), line
