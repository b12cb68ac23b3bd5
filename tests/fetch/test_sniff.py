"""Content typing by the bytes."""

from __future__ import annotations

import pytest

from pipeline.fetch.sniff import sniff_mime


@pytest.mark.parametrize(("content", "mime"), [
    (b'{"id": "https://ris.example.org/oparl/meeting/1"}', "application/json"),
    (b'  [{"start": "2026-09-29T19:30", "text": "<div class=\'badge\'>Gemeinderat</div>"}]', "application/json"),
    (b"[]", "application/json"),
    (b"[Entwurf] Niederschrift der Sitzung", "text/plain"),
    (b"{Titel} <p>Absatz</p>", "text/html"),
    (b"<!DOCTYPE html><html><body><table></table></body></html>", "text/html"),
    (b"%PDF-1.7\n", "application/pdf"),
])
def test_sniffed_type(content, mime):
    assert sniff_mime(content) == mime


def test_regression_a_calendar_feed_with_html_snippets_is_json_not_html():
    feed = b'[{"label": "06-GR 29.09.2026", "text": "<a href=\'x\'><div>Gemeinderat Ilbesheim</div></a>"}]'
    assert sniff_mime(feed) == "application/json"
