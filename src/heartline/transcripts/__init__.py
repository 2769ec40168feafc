"""Transcripts: formats, redaction before storage, auto-QA inputs and what members are asking."""
