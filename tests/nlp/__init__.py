"""Tests of pipeline.nlp and its measured quality on the annotations."""
