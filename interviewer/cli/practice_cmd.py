"""Placeholder: the owning issue replaces this module with its commands."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Nothing registered yet."""
