"""``python -m interviewer``."""

from __future__ import annotations

import sys

from interviewer.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
