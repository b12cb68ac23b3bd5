"""Tests of pipeline.crawl: loaders, runs, the gate, faults and `pipeline extract`."""
