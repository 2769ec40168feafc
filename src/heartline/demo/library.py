"""Demo steps for the library domain: each calls `register_step` when this module loads."""
