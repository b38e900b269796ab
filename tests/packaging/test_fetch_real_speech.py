"""The real-speech fetcher: finds a pinned sdist on a (local) PEP 691 index, checks its sha256,
extracts only the clips, and does nothing the second time."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.fetch_real_speech import main as fetch


def _sdist() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in (("demo-1.0/data/a.wav", b"RIFF....WAVE"),
                           ("demo-1.0/data/a.txt", b"hello world\n"),
                           ("demo-1.0/setup.py", b"print('not extracted')")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def index(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    archive = _sdist()
    state: dict[str, Any] = {"archive": archive, "downloads": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/simple/demo/":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                body = json.dumps({"files": [{"filename": "demo-1.0.tar.gz",
                                              "url": f"{base}/files/demo-1.0.tar.gz"}]}).encode()
            elif self.path == "/files/demo-1.0.tar.gz":
                state["downloads"] += 1
                body = state["archive"]
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PIP_INDEX_URL", f"http://127.0.0.1:{server.server_address[1]}/simple")
    state["sha256"] = hashlib.sha256(archive).hexdigest()
    yield state
    server.shutdown()


def _manifest(tmp_path: Path, sha256: str) -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text(f'''
[[source]]
package = "demo"
version = "1.0"
sha256 = "{sha256}"
licence = "test"

[[source.clip]]
id = "a"
audio = "data/a.wav"
text_file = "data/a.txt"
speaker = "s"
sex = "male"
style = "read"
''', encoding="utf-8")
    return path


def test_fetches_checks_and_extracts_only_the_clips_once(index: dict[str, Any],
                                                         tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    manifest = _manifest(tmp_path, index["sha256"])
    assert fetch([str(dest), "--manifest", str(manifest)]) == 0
    folder = dest / "demo-1.0"
    assert (folder / "data/a.wav").read_bytes() == b"RIFF....WAVE"
    assert (folder / "data/a.txt").read_text() == "hello world\n"
    assert not (folder / "setup.py").exists()
    assert fetch([str(dest), "--manifest", str(manifest)]) == 0
    assert index["downloads"] == 1  # the second run finds it complete


def test_a_wrong_hash_is_refused_and_nothing_is_marked_complete(index: dict[str, Any],
                                                                tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    with pytest.raises(SystemExit, match="expected 0000"):
        fetch([str(dest), "--manifest", str(_manifest(tmp_path, "0000" + "0" * 60))])
    assert not (dest / "demo-1.0" / ".complete").exists()
