"""Block the internet in tests: a socket may connect to loopback (live servers, PostgreSQL, the Spark
JVM) or a Unix socket, and nothing else. A test that reaches out fails at once with a clear message
instead of hanging on this machine's closed network or passing only when online.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_original_connect: Callable[..., Any] | None = None
_original_connect_ex: Callable[..., Any] | None = None


class NetworkBlockedError(RuntimeError):
    """A test tried to open a connection to a host other than this machine."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):  # a Unix socket path
        return True
    host = str(address[0])
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: not local


def _guard(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise NetworkBlockedError(f"tests may not reach the network (tried to connect to {address!r})")
        return original(self, address)

    return guarded


def block_network() -> None:
    global _original_connect, _original_connect_ex
    if _original_connect is not None:
        return
    _original_connect, _original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    socket.socket.connect = _guard(_original_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = _guard(_original_connect_ex)  # type: ignore[method-assign]


def allow_network() -> None:
    global _original_connect, _original_connect_ex
    if _original_connect is None or _original_connect_ex is None:
        return
    socket.socket.connect = _original_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign]
    _original_connect = _original_connect_ex = None
