"""Demo steps for the quality domain: each calls `register_step` when this module loads."""
