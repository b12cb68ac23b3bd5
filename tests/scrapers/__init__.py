"""Tests of the pure parsers in scrapers/, with their written fixtures and snapshots beside them."""
