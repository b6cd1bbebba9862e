"""xxgk ETL: government information-disclosure annual reports → one DuckDB file.

Data flows one way: file → reader → TableGrid → matcher → values + findings → store.
"""

__version__ = "0.1.0"
