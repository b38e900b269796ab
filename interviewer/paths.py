"""Where the app keeps its files. Built once at start and passed in, never read from globals."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "interviewer"


@dataclass(frozen=True)
class AppPaths:
    """The app's folders. ``data_dir`` holds attempts and the index; ``cache_dir`` models and
    synthesised speech; ``config_dir`` settings; ``log_dir`` the rotating log."""

    data_dir: Path
    cache_dir: Path
    config_dir: Path
    log_dir: Path
    whisper_cache_dir: Path | None = None  # openai-whisper's own download cache, if any

    @classmethod
    def default(cls, data_dir: Path | str | None = None) -> AppPaths:
        """The platform's user folders; ``data_dir`` (``--data-dir``) overrides the data dir."""
        import platformdirs

        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        # where openai-whisper itself keeps downloaded checkpoints (its own rule, all platforms)
        xdg_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else Path(dirs.user_data_dir),
            cache_dir=Path(dirs.user_cache_dir),
            config_dir=Path(dirs.user_config_dir),
            log_dir=Path(dirs.user_log_dir),
            whisper_cache_dir=Path(xdg_cache) / "whisper",
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """All folders under one root (tests, portable installs)."""
        return cls(root / "data", root / "cache", root / "config", root / "log")

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"

    @property
    def tts_cache_dir(self) -> Path:
        return self.cache_dir / "tts"

    def ensure(self) -> None:
        """Create the folders; the data dir is private to the user (0700 on POSIX)."""
        for d in (self.data_dir, self.cache_dir, self.config_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.data_dir, 0o700)
