"""The app's own exceptions: each carries one plain sentence for the person."""

from __future__ import annotations


class InterviewerError(Exception):
    """Base of every error the app reports to the person.

    ``str(error)`` is one plain sentence that says what went wrong and what to do.
    """


class InputError(InterviewerError):
    """Bad input from the person (a file, an option, a text)."""
