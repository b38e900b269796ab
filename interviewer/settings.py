"""The person's settings, persisted as JSON in the config dir. Shared by the CLI and the GUI."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"


@dataclass
class Settings:
    model: str = "tiny.en"
    model_path: str = ""  # a checkpoint the person chose; wins over the catalogue
    model_chosen: bool = False  # the person picked the model (a measured choice never overrides)
    beam_size: int = 0  # 0: greedy; 5 when the machine has time for beam search
    device: str = "auto"  # auto | cpu | cuda
    allow_download: bool = False
    think_time_s: int = 20
    answer_limit_s: int = 180
    input_device: str = ""  # name; empty = system default
    output_device: str = ""
    voice: str = ""  # pyttsx3 voice id; empty = engine default
    rate_wpm: int = 170
    read_aloud: bool = True
    filler_prompt: bool = True
    custom_banks: list[str] = field(default_factory=list)
    data_dir: str = ""  # empty = platform default
    first_run_done: bool = False

    @classmethod
    def load(cls, config_dir: Path) -> Settings:
        """Read settings; a missing or broken file gives defaults (the broken file is kept)."""
        path = config_dir / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        defaults = cls()
        for name, value in raw.items():
            if name in known and type(value) is type(getattr(defaults, name)):
                values[name] = value
        return cls(**values)

    def save(self, config_dir: Path) -> None:
        """Write atomically (temp file + rename)."""
        config_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=config_dir, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, indent=2)
        os.replace(tmp, config_dir / SETTINGS_FILE)
