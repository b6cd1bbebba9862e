"""Readers: one module per file format, each returning a Document (see base.py)."""
