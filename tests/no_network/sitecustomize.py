"""Loaded by every Python child process the tests start (PYTHONPATH, see conftest.py): no network there either.

pytest-socket guards the test process itself; a `rupture` run started with subprocess would escape it. This
audit hook refuses any Internet socket connect, bind or name lookup in the child, so a network call anywhere in
the code fails the test that made it. Unix sockets (multiprocessing) stay allowed.
"""

from __future__ import annotations

import os
import socket
import sys

if os.environ.get("RUPTURE_TEST_NO_NETWORK") == "1":

    def _refuse(event: str, arguments: tuple) -> None:
        if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
            raise RuntimeError(f"network access in a test subprocess ({event}): rupturecli makes no network calls")
        if event in ("socket.connect", "socket.bind") and arguments and \
                getattr(arguments[0], "family", None) in (socket.AF_INET, socket.AF_INET6):
            raise RuntimeError(f"network access in a test subprocess ({event}): rupturecli makes no network calls")

    sys.addaudithook(_refuse)
