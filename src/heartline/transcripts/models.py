"""The transcripts app's own records."""
