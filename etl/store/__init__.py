"""The DuckDB store: schema (generated from the template) and the report loader."""
