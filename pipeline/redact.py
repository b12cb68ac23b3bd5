"""Credentials out of URLs: masked for log lines, removed for storing and publishing.

A parameter is credential-like when a word of its name (percent-decoded, split at punctuation and
camelCase) is a credential word (pass, passwort, pwd, secret, token, key, auth, session, sid,
signature, sig, credential …) or ends like one (…token, …password, …apikey, …sessid), or when the
name is `code`: `api_key`, `apiKey`, `PHPSESSID`, `X-Amz-Signature`, `passwort`, `access_token`;
not `author`, `keyword` or `passage`, whose links must keep working. That holds for the query, for `;name=value`
parameters in the path (`;jsessionid=…`) and for `name=value` parameters in the fragment
(`#access_token=…`). A parameter without `=` carries no value and is kept. The userinfo
(`user:password@`) is always removed. Everything else stays byte for byte, and a malformed URL
never raises: it is cut up as far as it has the shape of a URL.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

SECRET_WORDS = frozenset({"pass", "passwort", "password", "passwd", "pwd", "secret", "token", "key", "auth",
                          "authorization", "session", "sid", "signature", "sig", "credential", "credentials",
                          "apikey", "jwt"})
SECRET_ENDINGS = ("token", "password", "passwort", "passwd", "secret", "apikey", "sessid", "sessionid",
                  "signature", "credential", "credentials")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
MASK = "***"
# Optional leading blanks, an optional scheme, `//`, then the authority up to the path, query or fragment.
_AUTHORITY = re.compile(r"[\x00-\x20]*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)")
_REST = re.compile(r"([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)
_PATH_PARAMETER = re.compile(r";([^;/=]*)=([^;/]*)")
_SEPARATOR = re.compile(r"([&;])")
# A URL inside a text: any scheme, up to a blank, a quote or an angle bracket.
URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*")


def is_secret_name(name: str) -> bool:
    """Whether a parameter of this (possibly percent-encoded) name holds a credential."""
    name = unquote_plus(name)
    if name.strip().lower() == "code":
        return True
    words = [word.lower() for word in _WORD.findall(name)]
    return any(word in SECRET_WORDS or word.endswith(SECRET_ENDINGS) for word in words)


def public_url(url: str) -> str:
    """The URL as it may be stored and published: no userinfo, no credential-like parameters."""
    return _clean(url, drop=True)


def redact_url(url: str) -> str:
    """The URL for a log line: no userinfo, the values of credential-like parameters masked as ***."""
    return _clean(url, drop=False)


def redact(text: str) -> str:
    """Every URL inside a text redacted for a log line."""
    return URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)


def _clean(url: str, drop: bool) -> str:
    """The URL without userinfo, its credential-like parameters dropped or masked."""
    authority = _AUTHORITY.match(url)
    head = ""
    if authority:
        host = authority.group(1).rpartition("@")[2]  # the last @ ends the userinfo: a password may hold one
        head = url[:authority.start(1)] + host
        url = url[authority.end():]
    rest = _REST.fullmatch(url)
    assert rest is not None  # every string matches: each part may be empty
    path, query, fragment = rest.groups()
    path = _PATH_PARAMETER.sub(lambda m: _path_parameter(m, drop), path)
    result = head + path
    if query is not None:
        cleaned = _parameters(query, drop)
        result += "?" + cleaned if cleaned or not query else ""  # a query emptied by dropping loses its ?
    if fragment is not None:
        route, question, parameters = fragment.rpartition("?")  # `#!/view?token=…`: only the part after ?
        kept = _parameters(parameters, drop)
        cleaned = route + (question if kept or not parameters else "") + kept
        result += "#" + cleaned if cleaned or not fragment else ""
    return result


def _path_parameter(match: re.Match, drop: bool) -> str:
    """A `;name=value` path parameter, dropped or masked when credential-like."""
    if not is_secret_name(match.group(1)):
        return match.group(0)
    return "" if drop else f";{match.group(1)}={MASK}"


def _parameters(text: str, drop: bool) -> str:
    """`&`- or `;`-separated parameters with the credential-like ones dropped or masked, the rest as they were."""
    parts = _SEPARATOR.split(text)
    kept: list[str] = []
    for index in range(0, len(parts), 2):
        piece = parts[index]
        name, equals, _ = piece.partition("=")
        if equals and is_secret_name(name):
            if drop:
                continue
            piece = f"{name}={MASK}"
        separator = parts[index - 1] if index and kept else ""
        kept.append(separator + piece)
    return "".join(kept)
