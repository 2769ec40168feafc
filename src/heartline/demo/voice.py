"""Demo steps for the voice domain: each calls `register_step` when this module loads."""
