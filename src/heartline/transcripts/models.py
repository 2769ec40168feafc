"""The transcripts app's own records: the raw (unredacted) text of each transcript, encrypted.

The warehouse holds only redacted text (`heartline.transcripts.tables`). The raw text is kept here so
those who must (compliance, administrators: READ_RAW_TRANSCRIPTS) can read what was said, every read
written to the access log; it is sealed with Fernet (`sealing`), so a copy of the database alone
does not reveal it.
"""

from __future__ import annotations

from django.db import models


class RawTranscript(models.Model):
    """One contact's transcript as received, encrypted; replaced when a changed transcript arrives."""

    contact_id = models.CharField(max_length=200, unique=True)
    member_id = models.CharField(max_length=40, blank=True, db_index=True)
    language = models.CharField(max_length=2)
    source = models.CharField(max_length=20)  # native or contact-lens
    sealed = models.TextField()  # Fernet token of the native JSON document
    digest = models.CharField(max_length=64)  # SHA-256 of that document: "changed?" without decrypting
    received_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"raw transcript of {self.contact_id}"
