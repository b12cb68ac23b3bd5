"""Check that a URL answers as the council system it is said to be, before it is configured."""

from __future__ import annotations

from scrapers import allris, oparl
from scrapers.base import ParseError, make_soup

from .http import FetchError, HttpClient

STATE_BY_AGS = {"01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
                "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH"}


class ProbeFailed(Exception):
    """The URL does not answer as the named system; the message says what it got."""


def probe(client: HttpClient, system: str, url: str) -> str:
    """A one-line description of what answered; raises ProbeFailed otherwise."""
    if system in ("oparl", "sdnet"):
        return _probe_oparl(client, url)
    page = url if url.endswith("/") else url + "/"
    target = page + "vo040.asp" if system == "allris" else page
    fetched = _get(client, target)
    if fetched.mime_type != "text/html":
        raise ProbeFailed(f"{target}: expected an HTML page of {system}, got {fetched.mime_type}")
    soup = make_soup(fetched.content)
    if system in ("allris", "allris4") and allris.is_allris(soup):
        meta = soup.find("meta", attrs={"name": "description"})
        return (meta.get("content") if meta is not None else None) or "ALLRIS"
    if system == "sessionnet" and "sessionnet" in fetched.content.decode("latin-1").lower():
        return "SessionNet"
    title = soup.title.get_text(" ", strip=True) if soup.title else "no title"
    raise ProbeFailed(f"{target}: the page does not look like {system} (title: {title[:80]})")


def _get(client: HttpClient, url: str):
    try:
        return client.get(url, limit=client.page_bytes)
    except FetchError as exc:
        raise ProbeFailed(str(exc)) from None


def _probe_oparl(client: HttpClient, url: str) -> str:
    fetched = _get(client, url)
    try:
        data = oparl.load_json(fetched.content, url)
    except ParseError:
        raise ProbeFailed(f"{url}: expected OParl JSON, got {fetched.mime_type}") from None
    kind = oparl.object_kind(data) if isinstance(data, dict) else ""
    if kind not in ("System", "Body"):
        raise ProbeFailed(f"{url}: expected an OParl System or Body, got {kind or 'no OParl object'}")
    return f"OParl {kind} '{data.get('name') or data.get('id')}'"
