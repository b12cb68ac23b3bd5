"""The one HTTP client every scraper shares: cache, retries, rate limit, robots.txt, URL policy, budgets.

Every request is checked against the city's URL policy (pipeline.urlpolicy) before it is sent and
on every redirect hop, and every connection goes to the one address checked for it. Every body is
read under a size cap and a total deadline, `Retry-After` is honoured only up to a cap, and a host
that cannot be resolved or refuses connections fails at once, for the rest of the run.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from requests_cache import CachedResponse, CachedSession
from requests_cache.policy import DEFAULT_CACHE_NAME, EXPIRE_IMMEDIATELY, get_expiration_datetime
from requests_ratelimiter import LimiterAdapter
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    DecodeError,
    InvalidHeader,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util.retry import Retry

from pipeline import __version__
from pipeline.errors import AddressRefused, FetchError, RobotsDisallowed, UrlRefused
from pipeline.fetch.policy import HostPolicy, target
from pipeline.fetch.sniff import sniff_mime
from pipeline.limits import CityClock

log = logging.getLogger(__name__)

USER_AGENT = f"ratsinfo-pipeline/{__version__} (+https://github.com/ratsinfo-pipeline/ratsinfo-pipeline)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a file (PDF, office document)
DEFAULT_PAGE_BYTES = 10 * 1024 * 1024  # a page that is parsed whole (HTML, OParl JSON)
ROBOTS_BYTES = 512 * 1024  # RFC 9309 2.5: at least 500 KiB are parsed; the rest is ignored
DEFAULT_BODY_SECONDS = 120.0  # one response body, however slowly it drips
HEADER_SECONDS_MIN = 1.0  # the headers' share once a city's time is up: enough for a local answer, no more
DEFAULT_RETRY_AFTER_MAX = 120.0  # a longer Retry-After fails the URL now; the next run tries again
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_REDIRECTS = 10
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024

__all__ = ["FetchError", "Fetched", "HostPolicy", "HttpClient", "RobotsDisallowed"]


class _BodyBroken(Exception):
    """The body broke off after the headers arrived; urllib3's Retry cannot see that."""


@dataclass
class Fetched:
    """A fetched response, typed by its bytes."""

    url: str
    status: int
    content: bytes
    mime_type: str
    declared_type: str | None
    from_cache: bool


class _Busy(Exception):
    """A retryable status (429, 5xx); `wait` is the server's Retry-After in seconds, or None."""

    def __init__(self, status: int, wait: float | None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.wait = wait


class NoRetryOnUnreachable(Retry):
    """urllib3's connect and read retries, except for a host that cannot be resolved or refuses the
    connection: it will not come back within the backoff, so it fails at once."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, NewConnectionError):  # DNS failure, refused, or the policy's AddressRefused
            raise MaxRetryError(_pool, url or "", error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)


def retry_after_seconds(header: str | None) -> float | None:
    """A Retry-After header (seconds or HTTP date) in seconds; None when absent or unreadable."""
    if not header or not header.strip():
        return None
    try:
        return max(0.0, float(Retry(retry_after_max=10**9).parse_retry_after(header)))
    except (InvalidHeader, ValueError, OverflowError, TypeError):
        return None


def _shut(sock: socket.socket, cut: list) -> None:
    """End a connection whose server is too slow: the blocked read returns at once."""
    cut.append(True)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _pinned(connection_class: type, policy_of, header_seconds_of=lambda: None) -> type:
    """A urllib3 connection class that connects to the address the city's policy checked, nothing else.

    urllib3 resolves `_dns_host` when it connects; setting it to the checked address for that one
    call means no second resolution can differ (DNS rebinding), while TLS still verifies the name.
    The status line and headers must arrive within `header_seconds_of()` seconds in all: a server that
    drips them a byte at a time resets every read's timeout and would hold the run forever.
    """

    class Pinned(connection_class):
        def getresponse(self, *args, **kwargs):
            seconds = header_seconds_of()
            timer, cut = None, []
            if seconds is not None and self.sock is not None:
                timer = threading.Timer(seconds, _shut, (self.sock, cut))
                timer.daemon = True
                timer.start()
            try:
                response = super().getresponse(*args, **kwargs)
            finally:
                if timer is not None:
                    timer.cancel()
            if cut:  # http.client takes the end of the stream for the end of the headers
                response.close()
                raise TimeoutError(f"the headers took longer than {seconds:g} s")
            return response

        def _new_conn(self):
            policy = policy_of()
            if policy is None:
                return super()._new_conn()
            name = self._dns_host
            try:
                address = policy.connect_address(name, self.port)
            except socket.gaierror as exc:
                raise NameResolutionError(self.host, self, exc) from exc
            except AddressRefused as exc:
                raise NewConnectionError(self, f"refused: {exc}") from exc
            self._dns_host = address
            try:
                return super()._new_conn()
            finally:
                self._dns_host = name

    Pinned.__name__ = f"Pinned{connection_class.__name__}"
    return Pinned


class _PinningAdapter:
    """Mixin for requests' adapters: their connection pools make pinned connections."""

    pool_classes: dict = {}

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self.pool_classes


def _adapters(policy_of, retry: Retry, per_second: float,
              header_seconds_of=lambda: None) -> tuple[HTTPAdapter, HTTPAdapter]:
    """A rate-limited adapter for remote hosts and an unlimited one for loopback, both pinning."""

    class Pool(HTTPConnectionPool):
        ConnectionCls = _pinned(HTTPConnection, policy_of, header_seconds_of)

    class TlsPool(HTTPSConnectionPool):
        ConnectionCls = _pinned(HTTPSConnection, policy_of, header_seconds_of)

    classes = {"http": Pool, "https": TlsPool}
    limited_base = LimiterAdapter if per_second else HTTPAdapter
    limited_class = type("PinnedLimitedAdapter", (_PinningAdapter, limited_base), {"pool_classes": classes})
    unlimited_class = type("PinnedAdapter", (_PinningAdapter, HTTPAdapter), {"pool_classes": classes})
    limited = (limited_class(per_second=per_second, per_host=True, max_retries=retry) if per_second
               else limited_class(max_retries=retry))
    return limited, unlimited_class(max_retries=retry)


class HttpClient:
    """Shared HTTP client. Use one per ingest run; set `policy` and `clock` per city."""

    def __init__(
        self,
        cache_path: Path | str | None = None,
        *,
        per_second: float = 1.0,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 30.0,
        max_bytes: int | None = None,
        page_bytes: int | None = None,
        body_seconds: float = DEFAULT_BODY_SECONDS,
        retry_after_max: float = DEFAULT_RETRY_AFTER_MAX,
        obey_robots: bool = True,
    ):
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes or DEFAULT_MAX_BYTES
        self.page_bytes = page_bytes or DEFAULT_PAGE_BYTES
        self.body_seconds = body_seconds
        self.retry_after_max = retry_after_max
        self.obey_robots = obey_robots
        self.policy: HostPolicy | None = None  # set per city by the ingest; None: any http(s) host
        self.clock: CityClock | None = None  # set per city: checked before every request
        self.pages_fetched = 0
        self._robots: dict[str, Protego | None] = {}
        self._unreachable: dict[tuple[str, str, int], str] = {}  # origin -> why, for the rest of the run
        if cache_path is None:
            backend, cache_name = "memory", DEFAULT_CACHE_NAME
        else:
            backend = "sqlite"
            Path(cache_path).parent.mkdir(parents=True, exist_ok=True)
            # cache_name is the SQLite file; a db_path keyword is ignored and the cache would land
            # in ./http_cache.sqlite of whatever folder the command runs in.
            cache_name = str(cache_path)
        # expire_after=0 keeps only responses that carry ETag/Last-Modified, and every reuse
        # asks the server first (a conditional request); pages without validators are refetched.
        # requests-cache would read and decode a body whole, unbounded, to save it: the filter
        # stops that, and _remember saves a response once its body was read within the caps.
        self.session = CachedSession(
            cache_name=cache_name,
            backend=backend,
            expire_after=0,
            always_revalidate=True,
            allowable_codes=(200,),
            stale_if_error=False,
            filter_fn=lambda response: isinstance(response, CachedResponse),
        )
        self.session.headers["User-Agent"] = USER_AGENT
        # Statuses are retried in get(), not by urllib3, which would read a 503's body whole to
        # reuse the connection and wait for any Retry-After up to six hours.
        retry = NoRetryOnUnreachable(
            total=retries,
            connect=retries,
            read=retries,
            status=0,
            redirect=0,
            backoff_factor=backoff,
            allowed_methods=frozenset({"GET", "HEAD"}),
            raise_on_status=False,
            raise_on_redirect=False,
        )
        limited, unlimited = _adapters(lambda: self.policy, retry, per_second, self._header_seconds)
        self.session.mount("https://", limited)
        self.session.mount("http://", limited)
        for host in ("http://127.0.0.1", "http://localhost", "http://[::1]"):
            self.session.mount(host, unlimited)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ robots.txt

    def robots_url(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/robots.txt"

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch this URL (a missing robots.txt allows all)."""
        if not self.obey_robots:
            return True
        robots_url = self.robots_url(url)
        if robots_url not in self._robots:
            self._robots[robots_url] = self._load_robots(robots_url)
        rules = self._robots[robots_url]
        return True if rules is None else rules.can_fetch(url, USER_AGENT)

    def _load_robots(self, robots_url: str) -> Protego | None:
        try:
            response = self._send(robots_url)
            if response.status_code in (401, 403):
                # An explicitly forbidden robots.txt means: stay out (RFC 9309, 2.3.1.3).
                response.close()
                return Protego.parse("User-agent: *\nDisallow: /")
            if response.status_code != 200:
                response.close()
                return None
            content = self._read_capped(robots_url, response, ROBOTS_BYTES, cut=True)
        except FetchError as exc:
            log.warning("robots.txt not fetched (%s), assuming allowed", exc.problem, extra={"url": robots_url})
            return None
        except requests.RequestException as exc:
            log.warning("robots.txt unreachable (%s), assuming allowed", exc.__class__.__name__,
                        extra={"url": robots_url})
            return None
        return Protego.parse(content.decode("utf-8", errors="replace"))

    # ------------------------------------------------------------ fetching

    def _refuse_unless_allowed(self, url: str) -> None:
        """Raise a 'blocked' FetchError for a URL the policy refuses (scheme, syntax, host, port, credentials)."""
        if self.policy is not None:
            problem = self.policy.problem(url)
        else:
            try:
                target(url)
                problem = None
            except UrlRefused as exc:
                problem = exc.problem
        if problem:
            raise FetchError(url, f"refused: {problem}", kind="blocked")

    def _header_seconds(self) -> float:
        """How long a response's status line and headers may take in all: the read timeout, at most the time the
        city has left."""
        left = self.clock.deadline - time.monotonic() if self.clock is not None else self.timeout
        return max(HEADER_SECONDS_MIN, min(self.timeout, left))

    def _check_budget(self, url: str) -> None:
        if self.clock is not None:
            self.clock.check()
        origin = target(url).origin
        if origin in self._unreachable:
            raise FetchError(url, self._unreachable[origin], kind="unreachable")

    def _request(self, url: str) -> requests.Response:
        """One GET without following redirects, with the credentials configured for its origin."""
        where = target(url)
        credentials = self.policy.credentials.get(where.origin) if self.policy is not None else where.userinfo
        auth = None
        if credentials:
            user, _, password = credentials.partition(":")
            auth = (user, password)
        if where.userinfo is not None:
            parts = urlsplit(url)
            url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        return self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=False, auth=auth)

    def _send(self, url: str) -> requests.Response:
        """GET, following redirects one by one, each checked against the host policy."""
        seen = set()
        for _ in range(MAX_REDIRECTS + 1):
            self._refuse_unless_allowed(url)
            self._check_budget(url)
            try:
                response = self._request(url)
            except requests.ConnectionError as exc:
                raise self._connection_failure(url, exc) from None
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            response.close()
            seen.add(url)
            url = urljoin(url, location)
            if url in seen:
                raise FetchError(url, "redirect loop", kind="redirect")
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", kind="redirect")

    def _connection_failure(self, url: str, exc: requests.ConnectionError) -> Exception:
        """A FetchError for a connection that failed; a host that cannot be reached is remembered."""
        reason = exc.args[0].reason if exc.args and isinstance(exc.args[0], MaxRetryError) else None
        where = target(url)
        if isinstance(reason, NameResolutionError):
            problem = f"cannot resolve host '{where.host}'"
        elif isinstance(reason, NewConnectionError) and isinstance(reason.__cause__, AddressRefused):
            return FetchError(url, f"refused: {reason.__cause__}", kind="blocked")
        elif isinstance(reason, NewConnectionError) and isinstance(reason.__cause__, ConnectionRefusedError):
            problem = f"connection to {where.host}:{where.port} refused"
        elif isinstance(reason, NewConnectionError):
            problem = f"cannot connect to {where.host}:{where.port} ({reason.__cause__ or reason})"
        else:
            return exc
        self._unreachable[where.origin] = problem
        log.error("%s; its other URLs are skipped in this run", problem, extra={"url": url})
        return FetchError(url, problem, kind="unreachable")

    def _fetch_once(self, url: str, limit: int) -> tuple[requests.Response, bytes, bool]:
        response = self._send(url)
        from_cache = bool(getattr(response, "from_cache", False))
        if not from_cache:
            self.pages_fetched += 1
        if response.status_code >= 400:
            response.close()  # without reading the body: an error page may be as hostile as any
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if response.status_code in RETRY_STATUSES and wait is not None and wait > self.retry_after_max:
                raise FetchError(url, f"HTTP {response.status_code}, and the server asks to wait {wait:.0f} s "
                                 f"(Retry-After), more than the cap of {self.retry_after_max:g} s; "
                                 "tried again next run", kind="retry_after")
            if response.status_code in RETRY_STATUSES:
                raise _Busy(response.status_code, wait)
            raise FetchError(url, f"HTTP {response.status_code}", kind=f"http_{response.status_code}")
        try:
            return response, self._read_capped(url, response, limit), from_cache
        except (ProtocolError, ReadTimeoutError, DecodeError, SSLError, OSError) as exc:
            # urllib3's own errors, read straight from the body: a connection broken or stalled
            # half-way, a body that does not decode.
            response.close()
            raise _BodyBroken(exc.__class__.__name__) from None

    def _read_capped(self, url: str, response: requests.Response, limit: int, cut: bool = False) -> bytes:
        """The body, read as it arrives, cut off at the size cap (decoded size, so gzip bombs stop too) and at
        the body deadline (a server dripping a byte at a time). With cut=True an oversized body is cut, not refused."""
        if isinstance(response, CachedResponse):
            content = response.content  # saved within the caps of its time
            if len(content) > limit and not cut:
                raise FetchError(url, f"response exceeds the cap of {limit} bytes", kind="size")
            return content[:limit]
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit and not cut:
            response.close()
            raise FetchError(url, f"response of {int(length)} bytes exceeds the cap of {limit}", kind="size")
        deadline = time.monotonic() + self.body_seconds
        chunks, total = [], 0
        try:
            while True:
                chunk = _read_some(response)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    if cut:
                        chunks.append(chunk[: len(chunk) - (total - limit)])
                        break
                    raise FetchError(url, f"response exceeds the cap of {limit} bytes", kind="size")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(url, f"the body took longer than {self.body_seconds:g} s to arrive "
                                     f"({total} bytes so far)", kind="slow")
        except FetchError:
            response.close()
            raise
        content = b"".join(chunks)
        if total <= limit:
            self._remember(response, content)
        return content

    def _remember(self, response: requests.Response, content: bytes) -> None:
        """Save a response read whole within the caps to the HTTP cache, if it carries a validator."""
        headers = response.headers
        if response.status_code != 200 or not (headers.get("ETag") or headers.get("Last-Modified")) \
                or "no-store" in (headers.get("Cache-Control") or "").lower():
            return
        response._content = content
        response._content_consumed = True
        try:
            self.session.cache.save_response(response, self.session.cache.create_key(response.request),
                                             get_expiration_datetime(EXPIRE_IMMEDIATELY))
        except Exception as exc:  # noqa: BLE001 - a cache that cannot be written only costs a refetch
            log.info("response not cached (%s)", exc.__class__.__name__, extra={"url": response.url})

    def _wait(self, state) -> float:
        """Before a retry: the server's Retry-After (within the cap), else exponential backoff."""
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Busy) and exc.wait is not None:
            wait = exc.wait
        else:
            wait = min(30.0, self.backoff * 2 ** (state.attempt_number - 1))
        if exc is not None and self.clock is not None and time.monotonic() + wait > self.clock.deadline:
            raise exc  # a wait past the city's time budget fails the URL now (attack a02: 100 s over a 30 s budget)
        return wait

    def get(self, url: str, *, expect: str | None = None, limit: int | None = None) -> Fetched:
        """GET a URL; raises FetchError for policy, robots, HTTP errors, oversize or a wrong body type.

        `limit` caps the body in bytes (default: the file cap); pages pass `page_bytes`.
        """
        self._refuse_unless_allowed(url)  # before robots.txt is asked for: no request to a refused host
        if not self.allowed(url):
            raise RobotsDisallowed(url, self.robots_url(url))
        limit = limit or self.max_bytes
        # urllib3's Retry covers connecting, statuses and headers; a body cut off half-way
        # (a truncated download) is retried here, with tenacity's backoff.
        retrying = Retrying(
            retry=retry_if_exception_type((_BodyBroken, _Busy)),
            stop=stop_after_attempt(self.retries + 1),
            wait=self._wait,
            reraise=True,
        )
        try:
            response, content, from_cache = retrying(self._fetch_once, url, limit)
        except _BodyBroken as exc:
            raise FetchError(url, f"body broke off after retries ({exc})", kind="truncated") from None
        except _Busy as exc:
            raise FetchError(url, f"HTTP {exc.status}", kind=f"http_{exc.status}") from None
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after retries ({exc.__class__.__name__})", kind="http") from None
        except requests.exceptions.Timeout:
            raise FetchError(url, "timed out", kind="timeout") from None
        except requests.RequestException as exc:
            raise FetchError(url, f"connection failed ({exc.__class__.__name__})", kind="connection") from None
        log.debug("GET %s%s", response.status_code, " (cache, unchanged)" if from_cache else "", extra={"url": url})
        declared = (response.headers.get("Content-Type") or "").split(";")[0].strip() or None
        mime = sniff_mime(content)
        if expect and not _matches(mime, expect):
            raise FetchError(
                url, f"expected {expect} but the body is {mime} (declared {declared or 'nothing'})", kind="content_type"
            )
        return Fetched(
            url=response.url or url,
            status=response.status_code,
            content=content,
            mime_type=mime,
            declared_type=declared,
            from_cache=from_cache,
        )


def _read_some(response: requests.Response) -> bytes:
    """Whatever part of the body has arrived (one read from the socket, decoded, at most CHUNK bytes)."""
    return response.raw.read1(CHUNK, decode_content=True)


def _matches(mime: str, expect: str) -> bool:
    return mime == expect or (expect.endswith("/*") and mime.startswith(expect[:-1]))
