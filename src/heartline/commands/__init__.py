"""Sub-commands of `heartline` by domain (`heartline quality …`, `heartline voice …`); `cli.py` mounts them."""
