"""One URL policy before every connection: URLs read as the HTTP stack reads them, ports checked,
addresses pinned, credentials only where configured; and the HTTP client's budgets on hostile servers."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc

import pytest

from pipeline.errors import FetchError, UrlRefused
from pipeline.fetch.client import HttpClient
from pipeline.fetch.policy import HostPolicy, target

from ..helpers.scripted_server import Reply, ScriptedServer

PAGE = b"<!DOCTYPE html><html><body><p>Seite der Stadt</p></body></html>"
SECRET = b"INTERNAL-METADATA-SECRET"


@pytest.fixture
def city():
    """The city's own server on 127.0.0.1."""
    with ScriptedServer() as s:
        s.route("/robots.txt", Reply(404, b""))
        s.route("/page", Reply(200, PAGE, {"Content-Type": "text/html"}))
        yield s


@pytest.fixture
def internal():
    """A service that must never be reached: 127.0.0.2 stands for 169.254.169.254 and the like."""
    with ScriptedServer(host="127.0.0.2") as s:
        s.route("/latest/meta-data/", Reply(200, SECRET, {"Content-Type": "text/plain"}))
        s.route("/robots.txt", Reply(404, b""))
        yield s


def _origin(server) -> str:
    return server.url.split("//", 1)[1]


def _client(*entries: str, **kwargs) -> HttpClient:
    client = HttpClient(None, retries=kwargs.pop("retries", 0), timeout=5, backoff=0.01, **kwargs)
    client.policy = HostPolicy.of(entries)
    return client


@pytest.mark.parametrize("url,problem", [
    ("http://169.254.169.254\\@ris.example.de/latest/meta-data/", "contains a backslash"),
    ("http://ris.example.de\\@169.254.169.254/", "contains a backslash"),
    ("http://ris.example.de/a b", "contains the character ' '"),
    ("http://ris.example.de/\r\nHost: evil", "contains the character '\\r'"),
    ("http://2130706433/", "unusual notation"),
    ("http://0x7f.0.0.1/", "unusual notation"),
    ("http://0177.0.0.1/", "unusual notation"),
    ("http://127.1/", "unusual notation"),
    ("http://127.0.0.1.:8001/x", None),  # a trailing dot is the same host
    ("http://[::ffff:127.0.0.1]/", None),
    ("http://ris.example.de:99999/", "malformed URL"),
    ("gopher://ris.example.de/", "unsupported URL scheme 'gopher'"),
    ("http:///path", "has no host"),
    ("http://xn--mnchen-3ya.de/", None),
    ("http://münchen.de/", None),
])
def test_urls_are_read_strictly(url, problem):
    if problem is None:
        target(url)
    else:
        with pytest.raises(UrlRefused) as refused:
            target(url)
        assert problem in refused.value.problem


def test_a_unicode_host_is_compared_in_its_ascii_form():
    assert target("http://münchen.de/").host == target("http://xn--mnchen-3ya.de/").host == "xn--mnchen-3ya.de"


def test_regression_backslash_before_at_never_reaches_the_address_before_it(city, internal):
    """requests connects to the part before `\\@`, urlsplit read the part after it as the host."""
    hostile = f"http://{_origin(internal)}\\@{_origin(city)}/latest/meta-data/"
    with _client(_origin(city)) as client:
        with pytest.raises(FetchError) as refused:
            client.get(hostile)
    assert refused.value.kind == "blocked" and "backslash" in refused.value.problem
    assert internal.requests == [], "nothing reached the internal address (it got /%5C@… before)"


def test_regression_a_redirect_with_a_backslash_is_refused(city, internal):
    url = city.route("/go", Reply(302, b"", {"Location": f"http://{_origin(internal)}\\@{_origin(city)}/latest/meta-data/"}))
    with _client(_origin(city)) as client:
        with pytest.raises(FetchError) as refused:
            client.get(url)
    assert refused.value.kind == "blocked"
    assert internal.requests == []


def test_regression_other_ports_of_an_allowed_host_are_refused(city):
    with ScriptedServer() as other_service:  # same host 127.0.0.1, another port
        other_service.route("/admin", Reply(200, SECRET))
        with _client(_origin(city)) as client:
            with pytest.raises(FetchError) as refused:
                client.get(other_service.url + "/admin")
            assert client.get(city.url + "/page").content == PAGE
    port = other_service.url.rsplit(":", 1)[1]
    assert refused.value.problem == (f"refused: port {port} of host '127.0.0.1' is not configured for this city "
                                     f"(add '127.0.0.1:{port}' to allow_hosts if it belongs)")
    assert other_service.hits("/admin") == 0


def test_a_named_host_allows_the_default_ports_only():
    policy = HostPolicy.of({"ris.example.de", "ris.example.de:8443"})
    assert policy.problem("https://ris.example.de/x") is None
    assert policy.problem("http://ris.example.de:80/x") is None
    assert policy.problem("https://ris.example.de:8443/x") is None
    assert "port 22 of host 'ris.example.de'" in policy.problem("http://ris.example.de:22/")


@pytest.mark.parametrize("notation", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.0.0.1"])
def test_odd_ip_notations_are_refused_even_for_a_configured_address(city, notation):
    port = _origin(city).rsplit(":", 1)[1]
    with _client(_origin(city)) as client:
        with pytest.raises(FetchError) as refused:
            client.get(f"http://{notation}:{port}/page")
    assert refused.value.kind == "blocked" and "unusual notation" in refused.value.problem
    assert city.hits("/page") == 0


def test_credentials_in_a_servers_url_are_refused(city):
    with _client(_origin(city)) as client:
        with pytest.raises(FetchError) as refused:
            client.get(f"http://admin:admin@{_origin(city)}/page")
    assert "user name or password" in refused.value.problem
    assert city.hits("/page") == 0


def test_configured_credentials_go_with_every_request_to_their_origin_and_nowhere_else(city, internal):
    policy = HostPolicy.of({_origin(city), _origin(internal)},
                           credentials={target(city.url).origin: "ratsinfo:geheim"})
    with HttpClient(None, retries=0, timeout=5) as client:
        client.policy = policy
        client.get(f"http://ratsinfo:geheim@{_origin(city)}/page")  # the configured URL itself
        client.get(f"{city.url}/page")  # a link the server gave, without credentials
        client.get(f"{internal.url}/latest/meta-data/")
    sent = [headers.get("Authorization") for path, headers in city.requests if path == "/page"]
    assert sent == ["Basic cmF0c2luZm86Z2VoZWlt"] * 2
    assert all("Authorization" not in headers for _, headers in internal.requests)


def test_regression_dns_rebinding_connects_to_the_checked_address_only(city, monkeypatch):
    """A name that answers outwards for the check and inwards afterwards gets one answer: the checked one."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    lookups, connects = [], []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "ris.rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    real_connect = socket.socket.connect

    def recording(self, address):
        connects.append(address[0])
        if address[0] == "93.184.216.34":
            raise ConnectionRefusedError("the outside address is not reachable from the test")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket.socket, "connect", recording)
    port = _origin(city).rsplit(":", 1)[1]
    with _client(f"ris.rebind.example:{port}") as client:
        with pytest.raises(FetchError):
            client.get(f"http://ris.rebind.example:{port}/page")
    assert connects == ["93.184.216.34"], "connected to the checked address, never to a second answer"
    assert city.hits("/page") == 0


def test_a_name_that_resolves_inwards_is_refused_at_connect_time(city, monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def inwards(host, port, *args, **kwargs):
        if host == "intern.example.de":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", inwards)
    with _client("intern.example.de") as client:
        with pytest.raises(FetchError) as refused:
            client.get("http://intern.example.de/")
    assert refused.value.kind == "blocked"
    assert refused.value.problem == "refused: host 'intern.example.de' resolves to a private or local address (10.1.2.3)"


def test_an_unresolvable_host_fails_at_once_and_its_other_urls_without_asking_again(monkeypatch):
    lookups = []

    def unknown(host, port, *args, **kwargs):
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    started = time.monotonic()
    with _client("www.herne.de", retries=4) as client:
        client.obey_robots = False
        with pytest.raises(FetchError) as first:
            client.get("https://www.herne.de/ratsinfo/")
        with pytest.raises(FetchError) as second:
            client.get("https://www.herne.de/ratsinfo/vo020.asp")
    assert time.monotonic() - started < 3, "not retried with backoff as if it were a 503"
    assert (first.value.kind, first.value.problem) == ("unreachable", "cannot resolve host 'www.herne.de'")
    assert second.value.problem == "cannot resolve host 'www.herne.de'"
    assert lookups == ["www.herne.de"]


def test_a_refused_connection_fails_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe closes
    started = time.monotonic()
    with _client(f"127.0.0.1:{port}", retries=4) as client:
        client.obey_robots = False
        with pytest.raises(FetchError) as refused:
            client.get(f"http://127.0.0.1:{port}/")
    assert time.monotonic() - started < 3
    assert (refused.value.kind, refused.value.problem) == ("unreachable", f"connection to 127.0.0.1:{port} refused")


def test_retry_after_beyond_the_cap_fails_the_url_without_waiting(city):
    url = city.route("/busy", Reply(503, b"", {"Retry-After": "3600"}))
    started = time.monotonic()
    with _client(_origin(city), retries=3, retry_after_max=60) as client:
        with pytest.raises(FetchError) as busy:
            client.get(url)
    assert time.monotonic() - started < 3
    assert busy.value.kind == "retry_after"
    assert busy.value.problem == ("HTTP 503, and the server asks to wait 3600 s (Retry-After), more than the cap "
                                  "of 60 s; tried again next run")
    assert city.hits("/busy") == 1


def test_retry_after_as_a_date_a_day_ahead_is_capped_too(city):
    from email.utils import formatdate

    url = city.route("/later", Reply(429, b"", {"Retry-After": formatdate(time.time() + 86400, usegmt=True)}))
    started = time.monotonic()
    with _client(_origin(city), retries=3, retry_after_max=60) as client:
        with pytest.raises(FetchError) as busy:
            client.get(url)
    assert time.monotonic() - started < 3 and busy.value.kind == "retry_after"


def test_a_short_retry_after_is_honoured(city):
    url = city.route("/soon", Reply(503, b"", {"Retry-After": "1"}), Reply(200, PAGE, {"Content-Type": "text/html"}))
    started = time.monotonic()
    with _client(_origin(city), retries=2) as client:
        assert client.get(url).content == PAGE
    assert 0.9 < time.monotonic() - started < 5


def test_regression_a_dripping_body_ends_at_the_body_deadline(city):
    url = city.route("/drip", Reply(200, b"x" * 1000, {"Content-Type": "text/plain"}, drip=0.3))
    started = time.monotonic()
    with _client(_origin(city), body_seconds=1.5) as client:
        with pytest.raises(FetchError) as slow:
            client.get(url)
    assert time.monotonic() - started < 5
    assert slow.value.kind == "slow" and "longer than 1.5 s" in slow.value.problem


def test_regression_an_error_page_body_is_never_read(city):
    """urllib3 read a 503's body whole before retrying: a huge one cost its size in memory."""
    def huge():
        for _ in range(200):
            yield b"e" * (1 << 20)

    url = city.route("/err", Reply(503, b"", stream=huge))
    tracemalloc.start()
    try:
        with _client(_origin(city), retries=1) as client:
            with pytest.raises(FetchError):
                client.get(url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_regression_a_cacheable_body_is_read_within_the_caps(city, tmp_path):
    """requests-cache read and decoded a body with an ETag whole before the size cap could act."""
    bomb = gzip.compress(b"\0" * (300 * 2**20))
    url = city.route("/etag", Reply(200, bomb, {"ETag": '"1"', "Content-Encoding": "gzip", "Content-Type": "text/html"}))
    tracemalloc.start()
    try:
        with HttpClient(tmp_path / "cache.sqlite", retries=0, max_bytes=5 * 2**20) as client:
            with pytest.raises(FetchError) as big:
                client.get(url)
            cached = client.session.cache.responses.keys()
            assert not list(cached), "nothing oversized is cached"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert big.value.kind == "size"
    assert peak < 60 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_a_cacheable_page_is_cached_after_it_was_read(city, tmp_path):
    url = city.route("/cached", Reply(200, PAGE, {"ETag": '"v1"', "Content-Type": "text/html"}))
    with HttpClient(tmp_path / "cache.sqlite", retries=0) as client:
        assert client.get(url).from_cache is False
        again = client.get(url)
    assert again.from_cache is True and again.content == PAGE
    assert city.requests[-1][1].get("If-None-Match") == '"v1"', "the rerun asked conditionally"


def test_regression_a_huge_robots_txt_is_read_only_to_its_limit(city):
    def robots():
        yield b"User-agent: *\nDisallow: /private/\n"
        for _ in range(45):
            yield b"# " + b"x" * (1 << 20) + b"\n"

    city.route("/robots.txt", Reply(200, b"", {"Content-Type": "text/plain"}, stream=robots))
    tracemalloc.start()
    try:
        with _client(_origin(city)) as client:
            assert client.allowed(city.url + "/page")
            assert not client.allowed(city.url + "/private/x")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB"
