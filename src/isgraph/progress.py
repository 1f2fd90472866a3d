"""Progress of long work on stderr: documents read (with an ETA), then the stages of the build.

Shown only on a terminal (stderr is a TTY) and never with --quiet: redirected or piped output stays exactly what
it was. One line, rewritten in place ("\\r"), cleared when the work is done.
"""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if hasattr(self.stream, "isatty") else False) if enabled is None \
            else enabled
        self.t0 = time.monotonic()
        self._width = 0

    def _show(self, text: str) -> None:
        if not self.enabled:
            return
        pad = " " * max(0, self._width - len(text))
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._width = len(text)

    def documents(self, done: int, total: int, name: str = "") -> None:
        """`done` of `total` documents read; the ETA from the mean time per document so far."""
        elapsed = time.monotonic() - self.t0
        eta = ""
        if 0 < done < total:
            eta = f", ~{elapsed / done * (total - done):.0f} s left"
        self._show(f"isgraph: reading documents {done}/{total}{eta} {name}"[:100])

    def stage(self, name: str) -> None:
        self._show(f"isgraph: {name}…")

    def done(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
