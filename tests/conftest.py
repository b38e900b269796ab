"""Test-session set-up shared by every test.

- Qt runs offscreen (set before anything imports Qt).
- HOME and the XDG folders point into a temporary folder for the whole session, so no test can
  touch the real user's settings, data, caches or sound server.
- Each test gets its own :class:`AppPaths` via the ``app_paths`` fixture.
- Fixture plugins: the real Whisper model (loaded once), the private PulseAudio server, and
  synthesised speech samples.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="interviewer-test-home-"))
for _var, _sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                   ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
    os.environ[_var] = str(_SESSION_HOME / _sub)
    (_SESSION_HOME / _sub).mkdir(parents=True, exist_ok=True)
os.environ.pop("PULSE_SERVER", None)
os.environ["PULSE_RUNTIME_PATH"] = str(_SESSION_HOME / "no-pulse")
os.environ.setdefault("OMP_NUM_THREADS", "2")

pytest_plugins = [
    "tests.fixtures.whisper",
    "tests.fixtures.pulse",
    "tests.fixtures.speech_samples",
    "tests.fixtures.encoder",
    "tests.fixtures.real_speech",
]

from interviewer.paths import AppPaths  # noqa: E402


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    """Fresh, isolated app folders for one test."""
    paths = AppPaths.under(tmp_path / "app")
    paths.ensure()
    return paths


class NetworkAttemptError(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Fail any attempt to open a network connection (AF_UNIX sockets stay allowed).

    Yields the list of attempts so a test can assert it stayed empty.
    """
    attempts: list[tuple[object, ...]] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def guarded(kind: str):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address: object, *a: object) -> object:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append((kind, address))
                raise NetworkAttemptError(f"network connection attempted: {address!r}")
            real = real_connect if kind == "connect" else real_connect_ex
            return real(self, address, *a)  # type: ignore[arg-type]
        return connect

    def create_connection(address: object, *a: object, **k: object) -> object:
        attempts.append(("create_connection", address))
        raise NetworkAttemptError(f"network connection attempted: {address!r}")

    def getaddrinfo(host: object, *a: object, **k: object) -> object:
        if host not in (None, "localhost", "127.0.0.1", "::1"):
            attempts.append(("getaddrinfo", host))
            raise NetworkAttemptError(f"name lookup attempted: {host!r}")
        return real_getaddrinfo(host, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    del real_create
