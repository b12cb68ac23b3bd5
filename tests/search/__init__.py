"""Tests of pipeline.search: German full-text search."""
