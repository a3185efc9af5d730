"""Running the app with uvicorn: ``goodword serve``, and a server in a thread for tests.

:func:`serve` checks where it may listen before anything starts (loopback
unless remote access is asked for with a password), opens the database once
(so migrations run before the first request) and serves until interrupted.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from goodword.errors import InvalidInput
from goodword.service import Service
from goodword.web.app import create_app
from goodword.web.security import PASSWORD_ENV, check_bind


def read_password(path: Path | None, environment: str | None) -> str | None:
    """The password from ``--password-file`` (first line) or the environment, else None."""
    if path is not None:
        try:
            text = path.expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"--password-file {path}: {exc.strerror or exc}") from exc
        password = text.splitlines()[0].strip() if text.strip() else ""
        if not password:
            raise InvalidInput(f"--password-file {path} is empty; write the password on line 1")
        return password
    return environment or None


def serve(
    service: Service,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_remote: bool = False,
    password: str | None = None,
) -> None:
    """Serve the web app until interrupted (refusing a non-loopback host without a password)."""
    check_bind(host, allow_remote=allow_remote, password=password)
    if not 0 < port < 65536:
        raise InvalidInput(f"--port {port}: use a port between 1 and 65535")
    service.store  # noqa: B018  (open and migrate now, not on the first request)
    app = create_app(
        service,
        password=password,
        server={"host": host, "port": port, "remote": allow_remote},
    )
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(service: Service, *, password: str | None = None) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    app = create_app(service, password=password, server={"host": "127.0.0.1", "port": port})
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="goodword-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


__all__ = ["PASSWORD_ENV", "free_port", "read_password", "running", "serve"]
