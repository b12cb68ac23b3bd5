"""Benchmarks: one script per stage, and the suite that runs them (`python -m bench`)."""
