#!/usr/bin/env python3
"""xclick X,Y [X,Y ...]: left-click at screen positions on $DISPLAY with XTest.

X,Y,up and X,Y,down turn the mouse wheel one notch there instead (scrolling).
Without arguments it reads such lists from standard input, one a line, and
answers each with "ok" once done: one process for a whole test.

A touch on a kiosk reaches Fyne as a left click, so this is how the smoke test
taps the real window. Only libX11 and libXtst (runtime libraries) are needed."""
import ctypes
import os
import sys
import time

x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]

d = x11.XOpenDisplay(None)
if not d:
    sys.exit("xclick: cannot open display")


def act(arg):
    parts = arg.split(",")
    x, y = int(parts[0]), int(parts[1])
    button = {"up": 4, "down": 5}.get(parts[2] if len(parts) > 2 else "", 1)
    xtst.XTestFakeMotionEvent(d, -1, x, y, 0)
    x11.XFlush(d)
    time.sleep(0.04)
    xtst.XTestFakeButtonEvent(d, button, 1, 0)
    x11.XFlush(d)
    time.sleep(0.04)
    xtst.XTestFakeButtonEvent(d, button, 0, 0)
    x11.XFlush(d)
    time.sleep(float(os.environ.get("XCLICK_GAP", "0.6")))

if len(sys.argv) > 1:
    for arg in sys.argv[1:]:
        act(arg)
else:
    for line in sys.stdin:
        for arg in line.split():
            act(arg)
        print("ok", flush=True)
x11.XCloseDisplay(d)
