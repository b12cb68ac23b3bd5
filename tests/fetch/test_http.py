"""The shared HTTP client against a local server that misbehaves on purpose."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from dev.samplepdf import make_pdf
from pipeline.errors import FetchError, RobotsDisallowed
from pipeline.fetch.client import USER_AGENT, HttpClient

from ..helpers.scripted_server import Reply, ScriptedServer

HTML = b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>"


@pytest.fixture
def server():
    with ScriptedServer() as s:
        s.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
        yield s


@pytest.fixture
def client(tmp_path):
    with HttpClient(tmp_path / "cache.sqlite", retries=3, backoff=0.01, timeout=5) as c:
        yield c


def test_regression_cache_lands_in_the_given_file_not_in_the_working_folder(server, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    cache = tmp_path / "cache" / "http.sqlite"
    server.route("/page", Reply(200, HTML, {"ETag": '"v1"', "Content-Type": "text/html"}))
    with HttpClient(cache, retries=0) as client:
        client.get(server.url + "/page")
    assert cache.is_file()
    assert list(work.iterdir()) == []


def test_user_agent_names_project(server, client):
    url = server.route("/a", Reply(200, HTML, {"Content-Type": "text/html"}))
    client.get(url)
    headers = dict(server.requests[-1][1])
    assert headers["User-Agent"] == USER_AGENT
    assert "ratsinfo-pipeline" in USER_AGENT and "+http" in USER_AGENT


def test_retries_503_then_succeeds(server, client):
    url = server.route("/flaky", Reply(503), Reply(502), Reply(200, HTML, {"Content-Type": "text/html"}))
    assert client.get(url).content == HTML
    assert server.hits("/flaky") == 3


def test_connection_reset_is_retried(server, client):
    url = server.route("/reset", Reply(0), Reply(200, HTML))
    assert client.get(url).content == HTML
    assert server.hits("/reset") == 2


def test_truncated_body_is_fetched_again(server, client):
    url = server.route("/cut", Reply(200, HTML * 50, truncate=True), Reply(200, HTML * 50))
    assert client.get(url).content == HTML * 50
    assert server.hits("/cut") == 2


def test_body_that_always_breaks_off_is_a_clear_error(server, client):
    url = server.route("/always-cut", Reply(200, HTML * 50, truncate=True))
    with pytest.raises(FetchError) as caught:
        client.get(url)
    assert caught.value.kind == "truncated"
    assert server.hits("/always-cut") == 4


def test_gives_up_after_retries_with_clear_error(server, client):
    url = server.route("/down", Reply(500))
    with pytest.raises(FetchError) as caught:
        client.get(url)
    assert caught.value.kind == "http_500"
    assert str(caught.value) == f"{url}: HTTP 500"
    assert server.hits("/down") == 4  # first try plus three retries


def test_429_honours_retry_after(server, client):
    url = server.route("/busy", Reply(429, b"", {"Retry-After": "1"}), Reply(200, HTML))
    started = time.monotonic()
    assert client.get(url).content == HTML
    assert time.monotonic() - started >= 0.9


def test_robots_txt_is_obeyed(server, client):
    url = server.route("/private/x", Reply(200, HTML))
    with pytest.raises(RobotsDisallowed) as caught:
        client.get(url)
    assert str(caught.value) == f"{url}: disallowed by {server.url}/robots.txt"
    assert server.hits("/private/x") == 0


def test_conditional_request_on_rerun(server, client):
    url = server.route("/page", Reply(200, HTML, {"ETag": '"v1"', "Content-Type": "text/html"}))
    first = client.get(url)
    second = client.get(url)
    assert not first.from_cache and second.from_cache
    assert second.content == HTML
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert client.pages_fetched == 1


def test_content_is_typed_by_bytes_not_headers(server, client):
    pdf = make_pdf([["Hallo"]])
    url = server.route("/doc", Reply(200, pdf, {"Content-Type": "text/html"}))
    assert client.get(url).mime_type == "application/pdf"
    error_page = server.route("/fake.pdf", Reply(200, HTML, {"Content-Type": "application/pdf"}))
    fetched = client.get(error_page)
    assert (fetched.mime_type, fetched.declared_type) == ("text/html", "application/pdf")


def test_expected_html_but_got_pdf(server, client):
    url = server.route("/vo020.asp", Reply(200, make_pdf([["x"]]), {"Content-Type": "text/html"}))
    with pytest.raises(FetchError, match="expected text/html but the body is application/pdf"):
        client.get(url, expect="text/html")


def test_size_cap(server, tmp_path):
    url = server.route("/big", Reply(200, b"x" * 5000))
    with HttpClient(None, max_bytes=1000, retries=0) as small:
        with pytest.raises(FetchError) as caught:
            small.get(url)
    assert caught.value.kind == "size"
    assert "exceeds the cap of 1000" in str(caught.value)


def test_size_cap_without_content_length(server):
    url = server.route("/stream", Reply(200, b"y" * 300_000, send_length=False))
    with HttpClient(None, max_bytes=100_000, retries=0) as small:
        with pytest.raises(FetchError) as caught:
            small.get(url)
    assert str(caught.value) == f"{url}: response exceeds the cap of 100000 bytes"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_gzip_and_deflate_bombs_are_cut_at_the_decoded_size(server, encoding):
    bomb = gzip.compress(b"0" * 5_000_000) if encoding == "gzip" else zlib.compress(b"0" * 5_000_000, 9)
    url = server.route("/bomb", Reply(200, bomb, {"Content-Encoding": encoding}))
    assert len(bomb) < 100_000
    with HttpClient(None, max_bytes=1_000_000, retries=0) as small:
        with pytest.raises(FetchError, match="exceeds the cap of 1000000 bytes"):
            small.get(url)


def test_non_http_scheme_refused(client):
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        client.get("file:///etc/passwd")


def test_127_0_0_1_is_not_rate_limited(server):
    url = server.route("/fast", Reply(200, HTML))
    with HttpClient(None, per_second=1) as limited:
        started = time.monotonic()
        for _ in range(5):
            limited.get(url)
        assert time.monotonic() - started < 2.0
    assert server.hits("/fast") == 5


def test_other_hosts_are_rate_limited_per_host():
    """127.0.0.2 stands in for a remote host: it goes through the rate-limited adapter."""
    with ScriptedServer(host="127.0.0.2") as remote:
        remote.route("/robots.txt", Reply(404))
        url = remote.route("/slow", Reply(200, HTML))
        with HttpClient(None, per_second=2) as limited:
            started = time.monotonic()
            for _ in range(5):
                limited.get(url)
            elapsed = time.monotonic() - started
    assert elapsed >= 1.4, f"5 requests at 2/s took only {elapsed:.2f}s"


def test_headers_dripped_a_byte_at_a_time_end_within_the_read_timeout(server, tmp_path):
    """Attack a01: a server that sent its status line, then one header byte every half second, held the run
    forever, because each byte reset the read timeout."""
    server.route("/slow", Reply(header_drip=0.5))
    with HttpClient(tmp_path / "cache.sqlite", retries=0, timeout=2) as c:
        started = time.monotonic()
        with pytest.raises(FetchError):
            c.get(server.url + "/slow")
    assert time.monotonic() - started < 10


def test_a_retry_after_past_the_citys_time_budget_fails_the_url_now(server, client):
    """Attack a02: a 503 with "Retry-After: 100" was waited for although the city had 30 s left."""
    from pipeline.limits import Budgets, CityClock

    server.route("/busy", Reply(503, b"", {"Retry-After": "100"}))
    client.clock = CityClock(Budgets().with_values({"city_minutes": 0.5}))
    started = time.monotonic()
    with pytest.raises(FetchError) as busy:
        client.get(server.url + "/busy")
    assert (busy.value.kind, time.monotonic() - started < 5) == ("http_503", True)
