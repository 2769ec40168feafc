"""The demo's own secret key: generated once, kept in the data folder, readable by its owner only.

`heartline demo` runs with DEBUG off (so its error pages are the ones users see in production), and
DEBUG off needs a real SECRET_KEY. Someone trying the demo should not have to make one up, and a key
that changed on each start would sign everyone out, so the first start writes one to
HEARTLINE_HOME/secret_key (mode 600) and later starts read it back. Plain Python: settings import it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"


def kept_secret_key(home: Path) -> str:
    """The key in `home`/secret_key, written there first (50 random URL-safe bytes, mode 600) if absent."""
    path = home / KEY_FILE_NAME
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once must not both write; the loser reads the winner's key.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()
