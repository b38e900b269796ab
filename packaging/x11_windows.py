"""Find and close an app's top-level windows on an X server, as a person would (the window
manager's close button sends ``WM_DELETE_WINDOW``). Used by ``smoke_test.sh`` under Xvfb to
check that the frozen GUI comes up and quits cleanly when its window is closed.

Usage (``DISPLAY`` must be set):
    x11_windows.py wait PREFIX TIMEOUT_S [--not TEXT]  # print the title of the first window whose
                                                        # title starts with PREFIX (and lacks TEXT)
    x11_windows.py close PREFIX                         # ask every such window to close
    x11_windows.py list                                 # print every titled top-level window
Exit status: 0 done, 1 no such window before the deadline, 2 no X display.
Only ``ctypes`` and the system's libX11; no other packages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import time

CLIENT_MESSAGE = 33
POLL_S = 0.2


class _ClientMessage(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class _Event(ctypes.Union):
    _fields_ = (("xclient", _ClientMessage), ("pad", ctypes.c_long * 24))


def _xlib() -> ctypes.CDLL:
    lib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
    lib.XQueryTree.argtypes = (
        ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
        ctypes.POINTER(ctypes.c_uint),
    )
    lib.XFetchName.argtypes = (ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p))
    lib.XFree.argtypes = (ctypes.c_void_p,)
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    lib.XSendEvent.argtypes = (ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.POINTER(_Event))
    lib.XFlush.argtypes = (ctypes.c_void_p,)
    lib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    return lib


def windows(lib: ctypes.CDLL, display: int) -> list[tuple[int, str]]:
    """(window id, title) of every titled child of the root window."""
    root = lib.XDefaultRootWindow(display)
    root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
    children = ctypes.POINTER(ctypes.c_ulong)()
    count = ctypes.c_uint()
    if not lib.XQueryTree(display, root, ctypes.byref(root_ret), ctypes.byref(parent_ret),
                          ctypes.byref(children), ctypes.byref(count)):
        return []
    found = []
    for i in range(count.value):
        name = ctypes.c_char_p()
        if lib.XFetchName(display, children[i], ctypes.byref(name)) and name.value:
            found.append((int(children[i]), name.value.decode("latin-1")))
            lib.XFree(name)
    if children:
        lib.XFree(children)
    return found


def close(lib: ctypes.CDLL, display: int, window: int) -> None:
    protocols = lib.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete = lib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    event = _Event()
    event.xclient.type = CLIENT_MESSAGE
    event.xclient.window = window
    event.xclient.message_type = protocols
    event.xclient.format = 32
    event.xclient.data[0] = delete
    event.xclient.data[1] = 0  # CurrentTime
    lib.XSendEvent(display, window, 0, 0, ctypes.byref(event))
    lib.XFlush(display)


def main(argv: list[str]) -> int:
    lib = _xlib()
    display = lib.XOpenDisplay(None)
    if not display:
        print("x11_windows: cannot open the X display (is DISPLAY set?)", file=sys.stderr)
        return 2
    try:
        if argv[:1] == ["list"]:
            for wid, title in windows(lib, display):
                print(f"0x{wid:x} {title}")
            return 0
        if len(argv) >= 3 and argv[0] == "wait":
            prefix, deadline = argv[1], time.monotonic() + float(argv[2])
            exclude = argv[4] if len(argv) >= 5 and argv[3] == "--not" else None
            while time.monotonic() < deadline:
                for _wid, title in windows(lib, display):
                    if title.startswith(prefix) and (exclude is None or exclude not in title):
                        print(title)
                        return 0
                time.sleep(POLL_S)
            return 1
        if len(argv) == 2 and argv[0] == "close":
            targets = [w for w, t in windows(lib, display) if t.startswith(argv[1])]
            for wid in targets:
                close(lib, display, wid)
            return 0 if targets else 1
        print(__doc__, file=sys.stderr)
        return 2
    finally:
        lib.XCloseDisplay(display)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
