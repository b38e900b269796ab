"""Views: one screen (or dialog) per module, thin over the services."""

from __future__ import annotations
