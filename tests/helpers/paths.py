"""Where the written fixtures live, for the tests of every package that reads them."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ALLRIS = TESTS / "scrapers" / "allris"  # fixtures/ (pages the project wrote) and snapshots/ of the ALLRIS parser
SESSIONNET = TESTS / "scrapers" / "sessionnet"
OPARL = TESTS / "scrapers" / "oparl"
SESSIONNET_SITE = TESTS / "crawl" / "fixtures" / "sessionnet_site"  # a written SessionNet site the loader walks
VORLAGE_PDF = TESTS / "text" / "fixtures" / "herne_vorlage_integrationskonzept.pdf"  # a written Beschlussvorlage
