"""Contact and case ingest: native files (CSV, Parquet, JSON Lines), Amazon Connect exports, API batches.

`service` is the write path (`load_contacts` / `load_cases` for `heartline ingest`, `ingest_records` for
the API); `native` and `amazon_connect` read inputs into columns; `validation` checks and converts
them a column at a time; `report` words the problems and writes the report and rejects files. The
formats are documented in docs/data-formats.md.
"""
