"""Entry point of the frozen app: the ``interviewer`` command (the GUI when run with no command).

``multiprocessing.freeze_support()`` lets a frozen child process (if any part of the app starts
one) run its task instead of re-entering the command line.
"""

from __future__ import annotations

import multiprocessing
import sys

from interviewer.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
