"""Tests of pipeline.cli: help, usage errors and exit codes."""
