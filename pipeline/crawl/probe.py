"""Check that a URL answers as the council system it is said to be, before it is configured (one per system)."""

from __future__ import annotations

import re

from pipeline.errors import FetchError, ParseError, ProbeFailed
from pipeline.fetch.client import HttpClient
from scrapers import allris as allris_parser
from scrapers import oparl as oparl_parser
from scrapers import rim as rim_parser
from scrapers.base import attribute, make_soup


def allris(client: HttpClient, url: str) -> str:
    """ALLRIS classic answers with its paper list (vo040.asp)."""
    return _html(client, url, "vo040.asp", "allris")


def allris4(client: HttpClient, url: str) -> str:
    """ALLRIS 4 answers at its folder."""
    return _html(client, url, "", "allris4")


def sessionnet(client: HttpClient, url: str) -> str:
    """SessionNet answers at its folder."""
    return _html(client, url, "", "sessionnet")


def rim(client: HttpClient, url: str) -> str:
    """SD.NET RIM answers with its paper list (vorlagen)."""
    return _html(client, url, "vorlagen", "rim")


def _html(client: HttpClient, url: str, page: str, system: str) -> str:
    target = (url if url.endswith("/") else url + "/") + page
    fetched = _get(client, target)
    if fetched.mime_type != "text/html":
        raise ProbeFailed(f"{target}: expected an HTML page of {system}, got {fetched.mime_type}")
    soup = make_soup(fetched.content)
    if system.startswith("allris") and allris_parser.is_allris(soup):
        meta = soup.find("meta", attrs={"name": "description"})
        return (attribute(meta, "content") if meta is not None else None) or "ALLRIS"
    if system == "rim" and rim_parser.is_rim(soup):
        found = re.search(r"SD\.NET RIM[ \d.]*", soup.title.get_text(" ", strip=True) if soup.title else "")
        return found.group(0).strip() if found else "SD.NET RIM"
    if system == "sessionnet" and "sessionnet" in fetched.content.decode("latin-1").lower():
        return "SessionNet"
    title = soup.title.get_text(" ", strip=True) if soup.title else "no title"
    raise ProbeFailed(f"{target}: the page does not look like {system} (title: {title[:80]})")


def _get(client: HttpClient, url: str):
    try:
        return client.get(url, limit=client.page_bytes)
    except FetchError as exc:
        raise ProbeFailed(str(exc)) from None


def oparl(client: HttpClient, url: str) -> str:
    """An OParl System or Body answers at the URL."""
    fetched = _get(client, url)
    try:
        data = oparl_parser.load_json(fetched.content, url)
    except ParseError:
        raise ProbeFailed(f"{url}: expected OParl JSON, got {fetched.mime_type}") from None
    kind = oparl_parser.object_kind(data) if isinstance(data, dict) else ""
    if not isinstance(data, dict) or kind not in ("System", "Body"):
        raise ProbeFailed(f"{url}: expected an OParl System or Body, got {kind or 'no OParl object'}")
    return f"OParl {kind} '{data.get('name') or data.get('id')}'"
