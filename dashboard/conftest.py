"""Pytest: the Streamlit scripts run on import, so only the pure modules are collected
(``pytest --doctest-modules dashboard``)."""

collect_ignore = ["streamlit_app.py", "app_pages"]
