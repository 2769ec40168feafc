"""The warehouse: Delta Lake tables of high-volume facts, read through Ibis on DuckDB.

Nothing here knows a domain app: apps register their tables (`tables.register`) and metric runners
(`runners.register_runner`) and build on the writer, reader and runner framework.
"""
