"""Entry point of the frozen app: the ``interviewer`` command (the GUI when run with no command).

Two ways a part of the app may start a helper process also work when frozen, where
``sys.executable`` is this program rather than a Python interpreter:

- ``multiprocessing``: ``freeze_support()`` makes a child run its task instead of the command line;
- ``[sys.executable, "-m", "interviewer.some.module", *args]`` (as in a source install): the module
  is run like ``python -m`` does. Only the app's own modules are allowed.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def _run_module(argv: list[str]) -> int:
    module = argv[2] if len(argv) > 2 else ""
    if not (module == "interviewer" or module.startswith("interviewer.")):
        print(f"interviewer: cannot run module {module!r} in the frozen app.", file=sys.stderr)
        return 2
    sys.argv = [module, *argv[3:]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if len(sys.argv) > 1 and sys.argv[1] == "-m":
        sys.exit(_run_module(sys.argv))
    from interviewer.cli.main import main

    sys.exit(main())
