"""The one HTTP client every scraper shares: cache, retries, rate limit, robots.txt, size cap."""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from requests_ratelimiter import LimiterAdapter
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential
from urllib3.util.retry import Retry

from . import __version__
from .sniff import sniff_mime

log = logging.getLogger(__name__)

USER_AGENT = f"ratsinfo-pipeline/{__version__} (+https://github.com/ratsinfo-pipeline/ratsinfo-pipeline)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_REDIRECTS = 10
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class HostPolicy:
    """Where a city's run may send requests: its configured hosts and the operator's allow_hosts.

    `hosts` are exact host names or IP addresses; `*.example.de` allows every subdomain. A host
    name that resolves to a private, loopback or link-local address is refused too (a public name
    pointed inwards); an address the operator configured literally, such as 127.0.0.1, is allowed.
    """

    hosts: frozenset[str]

    def problem(self, url: str) -> str | None:
        """Why a request to this URL is refused, or None."""
        host = (urlsplit(url).hostname or "").lower()
        if not any(host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:]))
                   for allowed in self.hosts):
            return f"host '{host}' is not configured for this city (add it to allow_hosts if it belongs)"
        if host not in self.hosts or not _is_address(host):
            if _resolves_inwards(host):
                return f"host '{host}' resolves to a private or local address"
        return None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=256)
def _resolves_inwards(host: str) -> bool:
    if _is_address(host):
        return not ipaddress.ip_address(host).is_global
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False  # unresolvable: the request itself will fail and say so
    return any(not ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in infos)


class FetchError(Exception):
    """A URL could not be fetched; the message names it."""

    def __init__(self, url: str, problem: str, kind: str = "http"):
        self.url = url
        self.kind = kind
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class _BodyBroken(Exception):
    """The body broke off after the headers arrived; urllib3's Retry cannot see that."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our user agent."""

    def __init__(self, url: str, robots_url: str):
        self.robots_url = robots_url
        super().__init__(url, f"disallowed by {robots_url}", kind="robots")


@dataclass
class Fetched:
    """A fetched response, typed by its bytes."""

    url: str
    status: int
    content: bytes
    mime_type: str
    declared_type: str | None
    from_cache: bool


class HttpClient:
    """Shared HTTP client. Use one per ingest run."""

    def __init__(
        self,
        cache_path: Path | str | None = None,
        *,
        per_second: float = 1.0,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 30.0,
        max_bytes: int | None = None,
        obey_robots: bool = True,
    ):
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes or DEFAULT_MAX_BYTES
        self.obey_robots = obey_robots
        self.policy: HostPolicy | None = None  # set per city by the ingest; None: any http(s) host
        self.pages_fetched = 0
        self._robots: dict[str, Protego | None] = {}
        backend_kwargs = {}
        if cache_path is None:
            backend = "memory"
        else:
            backend = "sqlite"
            Path(cache_path).parent.mkdir(parents=True, exist_ok=True)
            # cache_name is the SQLite file; a db_path keyword is ignored and the cache would land
            # in ./http_cache.sqlite of whatever folder the command runs in.
            backend_kwargs["cache_name"] = str(cache_path)
        # expire_after=0 keeps only responses that carry ETag/Last-Modified, and every reuse
        # asks the server first (a conditional request); pages without validators are refetched.
        self.session = CachedSession(
            backend=backend,
            expire_after=0,
            always_revalidate=True,
            allowable_codes=(200,),
            stale_if_error=False,
            **backend_kwargs,
        )
        self.session.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        limited = (
            LimiterAdapter(per_second=per_second, per_host=True, max_retries=retry)
            if per_second
            else HTTPAdapter(max_retries=retry)
        )
        self.session.mount("https://", limited)
        self.session.mount("http://", limited)
        unlimited = HTTPAdapter(max_retries=retry)
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
        return f"{parts.scheme}://{parts.netloc}/robots.txt"

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
            response.content  # noqa: B018 - read the body of the streamed response
        except FetchError as exc:
            log.warning("robots.txt not fetched (%s), assuming allowed", exc.problem, extra={"url": robots_url})
            return None
        except requests.RequestException as exc:
            log.warning("robots.txt unreachable (%s), assuming allowed", exc.__class__.__name__,
                        extra={"url": robots_url})
            return None
        if response.status_code in (401, 403):
            # An explicitly forbidden robots.txt means: stay out (RFC 9309, 2.3.1.3).
            return Protego.parse("User-agent: *\nDisallow: /")
        if response.status_code != 200:
            return None
        return Protego.parse(response.content.decode("utf-8", errors="replace"))

    # ------------------------------------------------------------ fetching

    def _refuse_unless_allowed(self, url: str) -> None:
        """Raise a 'blocked' FetchError for a URL that is not http(s) or not on the city's hosts."""
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise FetchError(url, f"refused: unsupported URL scheme '{scheme}'", kind="blocked")
        if self.policy and (problem := self.policy.problem(url)):
            raise FetchError(url, f"refused: {problem}", kind="blocked")

    def _send(self, url: str) -> requests.Response:
        """GET, following redirects one by one, each checked against the host policy."""
        seen = set()
        for _ in range(MAX_REDIRECTS + 1):
            self._refuse_unless_allowed(url)
            response = self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=False)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            response.close()
            seen.add(url)
            url = urljoin(url, location)
            if url in seen:
                raise FetchError(url, "redirect loop", kind="redirect")
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", kind="redirect")

    def _fetch_once(self, url: str) -> tuple[requests.Response, bytes, bool]:
        response = self._send(url)
        from_cache = bool(getattr(response, "from_cache", False))
        if not from_cache:
            self.pages_fetched += 1
        if response.status_code >= 400:
            response.close()
            raise FetchError(url, f"HTTP {response.status_code}", kind=f"http_{response.status_code}")
        try:
            return response, self._read_capped(url, response), from_cache
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError,
                requests.exceptions.ConnectionError) as exc:
            # ConnectionError here is a read timeout while the body arrives: a server that stalls half-way.
            response.close()
            raise _BodyBroken(exc.__class__.__name__) from None

    def _read_capped(self, url: str, response: requests.Response) -> bytes:
        """The body, read in chunks and cut off at the size cap (decoded size, so gzip bombs stop too)."""
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            response.close()
            raise FetchError(url, f"response of {int(length)} bytes exceeds the cap of {self.max_bytes}", kind="size")
        chunks, total = [], 0
        for chunk in response.iter_content(64 * 1024):
            total += len(chunk)
            if total > self.max_bytes:
                response.close()
                raise FetchError(url, f"response exceeds the cap of {self.max_bytes} bytes", kind="size")
            chunks.append(chunk)
        return b"".join(chunks)

    def get(self, url: str, *, expect: str | None = None) -> Fetched:
        """GET a URL; raises FetchError for robots, HTTP errors, oversize or a wrong body type."""
        self._refuse_unless_allowed(url)  # before robots.txt is asked for: no request to a refused host
        if not self.allowed(url):
            raise RobotsDisallowed(url, self.robots_url(url))
        # urllib3's Retry covers connecting, statuses and headers; a body cut off half-way
        # (a truncated download) is retried here, with tenacity's backoff.
        retrying = Retrying(
            retry=retry_if_exception_type(_BodyBroken),
            stop=stop_after_attempt(self.retries + 1),
            wait=wait_exponential(multiplier=self.backoff, max=30),
            reraise=True,
        )
        try:
            response, content, from_cache = retrying(self._fetch_once, url)
        except _BodyBroken as exc:
            raise FetchError(url, f"body broke off after retries ({exc})", kind="truncated") from None
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


def _matches(mime: str, expect: str) -> bool:
    return mime == expect or (expect.endswith("/*") and mime.startswith(expect[:-1]))

