#!/usr/bin/env python3
"""The cyclic garbage collector on a large graph: load + SHACL validation with the collector on, with the loaded
graph frozen (gc.freeze), and off — what `pipeline.cyclic_gc_paused` is based on (BENCHMARKS.md "Garbage
collector").

    python bench/gc_pause.py OUT/isgraph.nt on|freeze|off
"""

from __future__ import annotations

import gc
import resource
import sys
import time

from rdflib import Graph

from isgraph.rdf.graphio import add_all
from isgraph.validate.validation import validate


def main() -> None:
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "off":
        gc.disable()
    t = time.perf_counter()
    src = Graph()
    src.parse(path, format="nt")
    g = Graph()
    add_all(g, src)
    del src
    print(mode, "load", round(time.perf_counter() - t, 1), flush=True)
    if mode == "freeze":
        gc.freeze()
    for run in ("validate", "validate2"):
        t = time.perf_counter()
        validate(g)
        print(mode, run, round(time.perf_counter() - t, 1), flush=True)
    print(mode, "cpu", round(resource.getrusage(resource.RUSAGE_SELF).ru_utime, 1),
          "peak MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


if __name__ == "__main__":
    main()
