"""Tests of pipeline.store: the database and each city's own rows."""
