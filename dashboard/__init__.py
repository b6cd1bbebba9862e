"""xxgk dashboard: a Streamlit app over the DuckDB file the ETL writes."""
