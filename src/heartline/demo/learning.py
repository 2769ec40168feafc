"""Demo steps for the learning domain: each calls `register_step` when this module loads."""
