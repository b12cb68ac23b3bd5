"""Ratsinfo pipeline: fetch, parse, extract, store and publish German council information."""

__version__ = "0.1.0"
