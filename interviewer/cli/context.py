"""What every command gets: the app's folders and settings, built once at start."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.paths import AppPaths
from interviewer.settings import Settings


@dataclass
class CliContext:
    paths: AppPaths
    settings: Settings
