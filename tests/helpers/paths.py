"""Where the written fixtures live, for the tests of every package that reads them."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ALLRIS = TESTS / "scrapers" / "allris"  # fixtures/ (pages the project wrote) and snapshots/ of the ALLRIS parser
SESSIONNET = TESTS / "scrapers" / "sessionnet"
OPARL = TESTS / "scrapers" / "oparl"
GENERIC = TESTS / "scrapers" / "generic"  # pages no vendor parser claims, read by scrapers.generic
RIM = TESTS / "scrapers" / "rim"
SESSIONNET_SITE = TESTS / "crawl" / "fixtures" / "sessionnet_site"  # a written SessionNet site the loader walks
SESSIONNET_TABS_SITE = TESTS / "crawl" / "fixtures" / "sessionnet_tabs_site"  # si0050 without agenda, to0040 with
SESSIONNET6_SITE = TESTS / "crawl" / "fixtures" / "sessionnet6_site"  # a SessionNet 6 app page and its api/v1/
RIM_SITE = TESTS / "crawl" / "fixtures" / "rim_site"  # a written SD.NET RIM site; links say {{SITE}} for its address
VORLAGE_PDF = TESTS / "text" / "fixtures" / "herne_vorlage_integrationskonzept.pdf"  # a written Beschlussvorlage
# Invented sample data in the four cities' shapes (python -m dev.sample_site): what crawl and publishing tests run on.
SAMPLE_SITE = TESTS / "crawl" / "fixtures" / "sample_site"
SAMPLE_CITIES = TESTS / "crawl" / "fixtures" / "sample_cities.toml"  # its city list; {demo} is the site's address
