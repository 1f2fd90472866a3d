#!/usr/bin/env python3
"""Bounded load test of `isgraph serve` on loopback (issue 12): N requests from M concurrent clients.

    bench/serve_load.py --graph dist/isgraph.ttl [--requests 2000] [--clients 16] [--same-address] [--workers 4]

Starts `isgraph serve` on 127.0.0.1 (free port), sends a fixed number of form-POST queries (light lookups and every
stored query, in turn) from a thread pool and stops. Each client thread connects from its own loopback address
(127.0.0.2, 127.0.0.3, ...: one client per address, as the per-client limit sees them) unless --same-address, where
all come from 127.0.0.1 (one client: beyond --max-per-client running and --client-queue waiting, 429 is expected).
Prints requests, clients, wall time, throughput, p50 / p95 / max latency and the count of each HTTP status.
Traffic never leaves the loopback range; the loop is bounded by --requests.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", type=Path, default=Path("dist/isgraph.ttl"))
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--same-address", action="store_true")
    args = ap.parse_args()
    if args.requests > 20000 or args.clients > 64:
        ap.error("keep it bounded: at most 20000 requests and 64 clients")

    from isgraph.query import queries as q

    light = ["PREFIX isg: <https://w3id.org/isgraph/ontology#> "
             f"SELECT ?l WHERE {{ ?d a isg:Document ; isg:fichier ?l }} LIMIT {n}" for n in (1, 2, 3)]
    mix = light * 3 + [sq.text for sq in q.stored_queries()]
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "isgraph.cli", "serve", "--graph", str(args.graph), "--port",
                             str(port), "--workers", str(args.workers)], stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/status")
                conn.getresponse().read()
                break
            except OSError:
                if proc.poll() is not None:
                    log.seek(0)
                    print(log.read().decode(errors="replace"), file=sys.stderr)
                    return 2
                time.sleep(0.2)

        def one(i: int) -> tuple[int, float]:
            source = "127.0.0.1" if args.same_address else f"127.0.0.{2 + i % args.clients}"
            body = urllib.parse.urlencode({"query": mix[i % len(mix)]}).encode()
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
            try:
                conn.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                      "Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                resp.read()
                return resp.status, time.perf_counter() - t0
            finally:
                conn.close()

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(one, range(args.requests)))
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(30)
    latencies = sorted(d for _, d in results)
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    n = len(results)
    print(f"{n} requests, {args.clients} clients ({'one address' if args.same_address else 'one address each'}), "
          f"{args.workers} workers: {wall:.1f} s, {n / wall:.0f} req/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {latencies[int(0.95 * n) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms, statuses "
          + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
