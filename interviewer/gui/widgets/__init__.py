"""Reusable widgets that paint or show one thing (level meter, waveform, transcript, chart)."""

from __future__ import annotations
