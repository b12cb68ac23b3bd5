"""The data the pipeline reads, shipped as the package `pipeline.data` (see pipeline.resources).

nlp/: the NLP vocabularies and rules; cities.toml: the default city list; demo/: the offline demo
(its city list and the sample site); datasette_metadata.json: a link to the top-level file.
"""
