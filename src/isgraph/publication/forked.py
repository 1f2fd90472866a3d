"""A piece of publication run in a forked process while the build goes on writing other files.

A national build spends most of its publication in single-threaded Python (serialisations, tables, the masked
documents) on a machine of two cores or more. Pieces that only read what the build holds (the documents, the
graph) and write their own files run in a child made by fork(): it inherits the build's memory, shared with it
until written to, so nothing is copied or pickled on the way in; only the result (a small value) comes back
through a pipe. `wait()` returns it or raises what the child raised; `cancel()` kills the child (the caller
removes the half-written output, as for any failed build). Without fork (not Linux) or with `parallel=False`
(`--jobs 1`), the function runs in this process at `wait()`.

Only pieces that build little of their own are worth it: what the child allocates, and the pages it dirties
(reference counts of the objects it reads), add to the build's footprint; and while a forked child lives, every
page the build writes to is copied (the child keeps the old one). Measured (PSS of the process tree): the masked
documents in a forked child, at 100x 4 s saved for +50 MiB, but at 1000x the child's 43 s let the build copy
1.7 GB of pages (7,737 MiB over the tree against a 6,046 MB build): they run in a spawned child instead, given the
compressed documents (`method="spawn"`). The CSV tables and workbook in a forked child: at 100x 7 s more saved but
+310 MiB (1,296 MiB, over the 1 GiB goal): not done.
"""

from __future__ import annotations

import sys


class Forked:
    def __init__(self, fn, *args, parallel: bool = True, name: str = "isgraph-publish", method: str = "fork"):
        """`method`: "fork" (the child shares the build's memory) or "spawn" (a fresh interpreter given `fn` and
        `args` pickled: for a long step whose inputs are small, so that the child holds no snapshot of the build's
        pages while the build goes on writing to them)."""
        self.fn, self.args = fn, args
        self.process = self.conn = None
        if parallel and sys.platform.startswith("linux"):
            import multiprocessing

            ctx = multiprocessing.get_context(method)
            self.conn, child = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_child, args=(child, fn, args), daemon=True, name=name)
            self.process.start()
            child.close()

    def wait(self):
        if self.process is None:
            if self.fn is None:
                raise RuntimeError("Forked.wait() called twice")
            fn, self.fn = self.fn, None
            return fn(*self.args)
        try:
            kind, value = self.conn.recv()
        except EOFError:
            self.process.join()
            from isgraph.errors import IsgraphError

            code, self.process = self.process.exitcode, None
            raise IsgraphError(f"{getattr(self.fn, '__name__', 'a publication step')} failed: its process ended "
                               f"with code {code}") from None
        finally:
            self.conn.close()
        self.process.join()
        self.process = self.fn = None
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it still runs (nothing to do after `wait()`)."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.conn.close()
            self.process = None


def _child(conn, fn, args) -> None:
    try:
        message = ("ok", fn(*args))
    except BaseException as exc:  # sent to the parent, which raises it
        message = ("error", exc)
    try:
        conn.send(message)
    except Exception:  # a value or an exception that does not pickle: an error naming it
        conn.send(("error", RuntimeError(f"{type(message[1]).__name__}: {message[1]}")))
    conn.close()
