"""Answers kept on disk, shared by every process that serves the same warehouse (ADR 0008).

Each answer is one pickle file in a folder, named by a digest of its key; the key is written beside
the answer and checked on read. Writes go to a temporary file in the same folder and are renamed
into place (atomic on POSIX), so a reader in another process sees a whole answer or none; a file that
cannot be read back (a crash mid-write on a file system without ordered renames) counts as a miss and
is removed. The folder is bounded in bytes: after a write, the least recently used files (by
modification time, touched on every hit read from disk) are removed until it fits. A small in-process
layer in front of the folder saves unpickling on repeated hits.

Keys must be stable across processes: `stable_key` spells out tuples, sets (sorted), dicts,
dataclasses, dates and plain values; a key holding anything else (an object whose text names its
memory address) is kept in memory only. Every key carries a fingerprint of Heartline's own code, so
an upgrade (or an edit in development) never reads an answer an older definition computed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import os
import pickle
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")

SUFFIX = ".answer"
TEMP_PREFIX = ".writing-"
DEFAULT_MAX_MB = 512
# A temporary file older than this was left by a writer that died; eviction removes it.
STALE_TEMP_SECONDS = 3600.0


class UnstableKey(TypeError):
    """The key holds a value whose text is not the same in another process."""


def _spell(value: Any) -> str:
    if value is None or isinstance(value, bool | int | float | str | bytes | decimal.Decimal):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return repr(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, tuple | list):
        inner = ",".join(_spell(v) for v in value)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, set | frozenset):
        return "set(" + ",".join(sorted(_spell(v) for v in value)) + ")"
    if isinstance(value, dict):
        items = sorted(f"{_spell(k)}:{_spell(v)}" for k, v in value.items())
        return "dict(" + ",".join(items) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={_spell(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__module__}.{type(value).__qualname__}({fields})"
    raise UnstableKey(f"{type(value).__qualname__} has no spelling that is the same in every process")


def stable_key(key: Hashable) -> str:
    """`key` as text that is the same in every process (sets sorted, no memory addresses)."""
    return _spell(key)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of Heartline's source files (path, size, modification time): changes with any upgrade
    or edit, so no answer computed by other code is ever read back."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def max_bytes_from_env() -> int:
    """HEARTLINE_RESULT_CACHE_MB (default 512) in bytes."""
    raw = os.environ.get("HEARTLINE_RESULT_CACHE_MB", "")
    return int(float(raw) * 1024 * 1024) if raw.strip() else DEFAULT_MAX_MB * 1024 * 1024


class SharedCache:
    """Answers by key in `folder`, shared by processes; at most `max_bytes` on disk and
    `memory_entries` answers held in this process."""

    def __init__(self, folder: Path, max_bytes: int | None = None, memory_entries: int = 256) -> None:
        self.folder = folder
        self.max_bytes = max_bytes_from_env() if max_bytes is None else max_bytes
        self.memory_entries = memory_entries
        self._memory: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    # -- the public face -----------------------------------------------------------------------

    def get(self, key: Hashable, compute: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
        """The answer kept for `key`, else `compute()` (kept when `keep(answer)`)."""
        found, answer = self.lookup(key)
        if found:
            return cast(T, answer)
        fresh = compute()
        if keep(fresh):
            self.put(key, fresh)
        return fresh

    def lookup(self, key: Hashable) -> tuple[bool, object]:
        text = self._text(key)
        handle = self._handle(key, text)
        if handle is None:
            return False, None
        with self._lock:
            if handle in self._memory:
                self._memory.move_to_end(handle)
                return True, self._memory[handle]
        if text is None:
            return False, None
        path = self._path(text)
        try:
            with path.open("rb") as stream:
                stored_key, answer = pickle.load(stream)  # noqa: S301 - written by `put` into Heartline's own folder
        except FileNotFoundError:
            return False, None
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
            # a torn file, or one an older Heartline wrote: a miss, and out of the way
            with contextlib.suppress(OSError):
                path.unlink()
            return False, None
        if stored_key != text:  # a digest collision: not our answer
            return False, None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be evicted
        self._remember(handle, answer)
        return True, answer

    def put(self, key: Hashable, answer: object) -> None:
        text = self._text(key)
        handle = self._handle(key, text)
        if handle is not None:
            self._remember(handle, answer)
        if text is None:
            return
        try:
            payload = pickle.dumps((text, answer), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            # an answer that cannot be pickled stays in this process only
            return
        if len(payload) > self.max_bytes:
            return
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temp, self._path(text))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        self.evict()

    def evict(self) -> None:
        """Remove the least recently used answers until the folder holds at most `max_bytes`."""
        entries: list[tuple[float, int, str]] = []
        now = time.time()
        try:
            with os.scandir(self.folder) as listing:
                for entry in listing:
                    try:
                        info = entry.stat()
                    except OSError:
                        continue
                    if entry.name.startswith(TEMP_PREFIX):
                        if now - info.st_mtime > STALE_TEMP_SECONDS:
                            with contextlib.suppress(OSError):
                                os.unlink(entry.path)
                        continue
                    if entry.name.endswith(SUFFIX):
                        entries.append((info.st_mtime, info.st_size, entry.path))
        except FileNotFoundError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):  # another process may have removed it first
                os.unlink(path)
            total -= size

    def disk_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.glob(f"*{SUFFIX}"))

    def forget_memory(self) -> None:
        """Drop this process's layer (the disk keeps every answer)."""
        with self._lock:
            self._memory.clear()

    # -- inside --------------------------------------------------------------------------------

    def _handle(self, key: Hashable, text: str | None) -> Hashable | None:
        """The in-process key: the key's spelling (keys may hold lists and dicts), else the key itself
        when it can be hashed, else None (not kept)."""
        if text is not None:
            return text
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _remember(self, handle: Hashable, answer: object) -> None:
        with self._lock:
            self._memory[handle] = answer
            self._memory.move_to_end(handle)
            while len(self._memory) > self.memory_entries:
                self._memory.popitem(last=False)

    def _text(self, key: Hashable) -> str | None:
        try:
            return f"{code_fingerprint()}|{stable_key(key)}"
        except UnstableKey:
            return None

    def _path(self, text: str) -> Path:
        return self.folder / (hashlib.sha256(text.encode()).hexdigest() + SUFFIX)
