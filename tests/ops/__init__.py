"""Tests of pipeline.ops: locks, status, logs, reprocessing, a full disk."""
