"""Tests of pipeline.text: document text, PDFs, cleaning, OCR, office files."""
