"""Tests of pipeline.publish: the Datasette site, its bounds and the bundle."""
