"""Which URLs a city's run may fetch: one strict reading of a URL, and the hosts, ports and addresses allowed.

A URL from a server is data. It is read once, strictly, and refused when the HTTP stack could read
it differently (a backslash before `@`, odd IP notations, control characters), when its scheme,
host or port is not configured for the city, or when it carries credentials nobody configured.
The address a name resolves to is checked when the connection is made, and the connection goes to
exactly that address (see pipeline.http), so a second DNS answer cannot differ from the checked one.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from urllib3.util import parse_url

from pipeline.errors import AddressRefused, UrlRefused

SCHEMES = {"http": 80, "https": 443}
DEFAULT_PORTS = frozenset(SCHEMES.values())
MAX_URL = 8192  # characters; longer URLs are refused (no council system needs them)
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")  # controls, space and backslash are never part of a URL we fetch
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """Where a URL connects: scheme, host (lowercase, ASCII) and port; and who it claims to be."""

    scheme: str
    host: str
    port: int
    userinfo: str | None

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


def target(url: str) -> Target:
    """The URL's scheme, host and port, read the way the HTTP stack connects; UrlRefused when ambiguous."""
    if not isinstance(url, str) or not url:
        raise UrlRefused(str(url), "not a URL")
    if len(url) > MAX_URL:
        raise UrlRefused(url[:80] + "…", f"URL longer than {MAX_URL} characters")
    if bad := _UNSAFE.search(url):
        what = "a backslash" if bad.group() == "\\" else f"the character {bad.group()!r}"
        raise UrlRefused(url, f"the URL contains {what}, which HTTP clients read differently")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused(url, f"malformed URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UrlRefused(url, f"unsupported URL scheme '{parts.scheme}'")
    host = _ascii_host(url, parts.hostname or "")
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else None
    port = port or SCHEMES[scheme]
    _same_as_urllib3(url, host, port)
    return Target(scheme, host, port, unquote(userinfo) if userinfo else None)


def _ascii_host(url: str, host: str) -> str:
    """The host in lowercase ASCII (IDNA), refusing odd IP notations such as 0x7f.1 or 2130706433."""
    if not host:
        raise UrlRefused(url, "the URL has no host")
    if "%" in host:
        raise UrlRefused(url, f"host '{host}' carries an escape or a zone id")
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError:
        raise UrlRefused(url, f"host '{host}' is not a valid host name") from None
    host = host.rstrip(".")
    if ":" in host:  # IPv6, from a bracketed literal
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise UrlRefused(url, f"host '{host}' is not a valid IPv6 address") from None
        return host
    if _NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]):
        # Resolvers read 127.1, 0177.0.0.1, 0x7f.0.0.1 and 2130706433 as 127.0.0.1: only the plain
        # dotted quad is accepted, so that what is checked is what is connected to.
        try:
            if str(ipaddress.IPv4Address(host)) == host:
                return host
        except ValueError:
            pass
        raise UrlRefused(url, f"host '{host}' is an IP address in an unusual notation")
    return host


def _same_as_urllib3(url: str, host: str, port: int) -> None:
    """Refuse a URL that urllib3 (which makes the connection) reads as another host or port."""
    try:
        parsed = parse_url(url)
    except Exception:  # noqa: BLE001 - urllib3 raises its own LocationParseError and others
        raise UrlRefused(url, "the HTTP client cannot read this URL") from None
    theirs = (parsed.host or "").strip("[]").lower().rstrip(".")
    if theirs != host or (parsed.port or SCHEMES[(parsed.scheme or "http").lower()]) != port:
        raise UrlRefused(url, f"ambiguous URL: read as host '{host}' here but '{theirs}' by the HTTP client")


def is_global(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local, reserved…)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def is_address(host: str) -> bool:
    """Whether a URL's host is an IP address written out, not a name."""
    return _literal(host.strip("[]"))


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostRule:
    """One allowed host (or `*.domain`) with one port, or None for the default ports 80 and 443."""

    host: str
    port: int | None = None

    @classmethod
    def parse(cls, entry: str) -> "HostRule":
        """'ris.example.de', '*.example.de', 'ris.example.de:8443', '127.0.0.1:8001' or '[::1]:8001'."""
        entry = entry.strip().lower()
        if entry.startswith("["):
            host, _, rest = entry[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else None
        elif entry.count(":") == 1:
            host, port = entry.split(":")
        else:
            host, port = entry, None
        if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
            raise ValueError(f"'{entry}': the port must be a number from 1 to 65535")
        return cls(host.rstrip("."), int(port) if port else None)

    def names(self, host: str) -> bool:
        """Whether this rule is about the host (whatever the port)."""
        if self.host.startswith("*."):
            return host.endswith(self.host[1:]) and not _literal(host)
        return host == self.host

    def matches(self, target: Target) -> bool:
        return self.names(target.host) and (
            target.port in DEFAULT_PORTS if self.port is None else target.port == self.port)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"


@dataclass(frozen=True)
class HostPolicy:
    """Where a city's run may send requests: its configured hosts and ports and the operator's allow_hosts.

    A host name must resolve to public addresses only (a public name pointed inwards is refused); an
    address the operator configured literally, such as 127.0.0.1 for a local mirror, is allowed.
    `credentials` are the user and password configured for an origin (scheme, host, port), sent
    with every request to it; a URL that carries other credentials is refused.
    """

    rules: frozenset[HostRule]
    credentials: dict = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def of(cls, entries, credentials: dict | None = None) -> "HostPolicy":
        """A policy from host entries such as 'ris.example.de' or '127.0.0.1:8001'."""
        return cls(frozenset(HostRule.parse(e) for e in entries), dict(credentials or {}))

    def problem(self, url: str) -> str | None:
        """Why a request to this URL is refused, or None."""
        try:
            where = target(url)
        except UrlRefused as exc:
            return exc.problem
        if not any(rule.names(where.host) for rule in self.rules):
            return f"host '{where.host}' is not configured for this city (add it to allow_hosts if it belongs)"
        if not any(rule.matches(where) for rule in self.rules):
            name = f"[{where.host}]" if ":" in where.host else where.host
            return (f"port {where.port} of host '{where.host}' is not configured for this city "
                    f"(add '{name}:{where.port}' to allow_hosts if it belongs)")
        if where.userinfo is not None and self.credentials.get(where.origin) != where.userinfo:
            return "the URL carries a user name or password that is not configured for this city"
        return None

    def literal_allowed(self, host: str) -> bool:
        """Whether an IP address is configured literally (so it may be private, e.g. 127.0.0.1)."""
        return any(rule.host == host for rule in self.rules) and _literal(host)

    def connect_address(self, host: str, port: int) -> str:
        """The one address to connect to for host:port, checked now; raises AddressRefused or socket.gaierror."""
        host = host.strip("[]").rstrip(".").lower()
        if _literal(host):
            if is_global(host) or self.literal_allowed(host):
                return host
            raise AddressRefused(f"address {host} is private or local and not configured for this city")
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        # IPv4 and IPv6 sockaddrs start with the address as text; typeshed also allows other families'.
        addresses = [info[4][0] for info in infos if isinstance(info[4][0], str)]
        inward = [a for a in addresses if not is_global(a)]
        if inward:
            raise AddressRefused(f"host '{host}' resolves to a private or local address ({inward[0]})")
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
        return addresses[0]


