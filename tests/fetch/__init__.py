"""Tests of pipeline.fetch: the HTTP client and the URL policy."""
