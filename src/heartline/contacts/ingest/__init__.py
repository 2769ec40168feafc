"""Contact and case ingest: the formats (`formats`), Amazon Connect exports (`amazon_connect`), teams.

Reading, checking, reporting and storing are the ingest engine's (`heartline.ingest`); this package
says what contacts and cases are. The formats are documented in docs/data-formats.md.
"""
