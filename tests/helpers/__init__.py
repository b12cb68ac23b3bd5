"""Shared test helpers: `pipeline extract` as a user runs it, snapshots, where the written fixtures are."""
