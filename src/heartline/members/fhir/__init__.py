"""FHIR R4 in and out: read Bundles and Bulk Data NDJSON into members and their history, and give
them back as R4 resources (docs/fhir.md)."""
