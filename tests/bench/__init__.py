"""Tests of the benchmark suite's record (bench/)."""
