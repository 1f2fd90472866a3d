#!/usr/bin/env python3
"""Time every stored query on an Oxigraph store, unbound and with the bench's "bound" binding.

    bench/queries_bound.py STORE [--queries DIR] [--reps 7] [--json OUT] [--bound-only]

The "bound" call of a query is the one `bench/run.py` times: its most selective parameter (BOUND_ORDER) bound to
BOUND_PARAMS, or to a value picked in the graph (the initiative that sorts first, the région with most initiatives).
The store is opened read-only. --queries times the `.rq` files of another folder (e.g. an older version of
queries/) on the same store. Prints p50 / min ms and row counts per query and call.

Example: .venv/bin/python bench/queries_bound.py /tmp/o100/store --reps 7
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_run)
BOUND_PARAMS, BOUND_ORDER = _run.BOUND_PARAMS, _run.BOUND_ORDER

ISG = "https://w3id.org/isgraph/ontology#"
# the same picks as bench/run.py's stage_run
PICKS = {
    "territoire": f"SELECT ?t WHERE {{ ?i <{ISG}territoire>/<{ISG}inclusDans> ?t . ?t a <{ISG}Region> }} "
                  f"GROUP BY ?t ORDER BY DESC(COUNT(?i)) ?t LIMIT 1",
    "initiative": f"SELECT ?i WHERE {{ ?i a <{ISG}Initiative> }} ORDER BY ?i LIMIT 1",
}


def picks(store) -> dict[str, str]:
    out = {}
    for name, sparql in PICKS.items():
        rows = list(store.query(sparql))
        if rows:
            out[name] = f"<{rows[0][0].value}>"
    return out


def bound_binding(sq, dyn: dict[str, str]) -> dict | None:
    from isgraph.query import queries

    for p in BOUND_ORDER:
        v = dyn.get(p) or BOUND_PARAMS.get(p)
        if p in sq.params and v:
            return {p: queries.to_term(v)}
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--queries", type=Path, default=None, help="folder of .rq files (default: queries/)")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--json", type=Path, default=None, help="write the timings as JSON there")
    ap.add_argument("--bound-only", action="store_true",
                    help="time the bound calls only (a national graph's unbound reports take minutes each)")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from isgraph.query import queries

    store = ox.Store.read_only(str(args.store))
    dyn = picks(store)
    files = sorted((args.queries or ROOT / "queries").glob("*.rq"))
    out = {"store": str(args.store), "picks": dyn, "reps": args.reps, "queries": {}}
    print(f"store {args.store}  picks {dyn}")
    for path in files:
        sq = queries.StoredQuery.load(path)
        variants = {} if args.bound_only else {"all": {}}
        b = bound_binding(sq, dyn)
        if b:
            variants["bound"] = b
        entry = {}
        for vname, binding in variants.items():
            times, rows = [], 0
            for _ in range(args.reps):
                t0 = time.perf_counter()
                r = queries.run_oxigraph(store, sq, binding)
                times.append(time.perf_counter() - t0)
                rows = len(r.rows)
            entry[vname] = {"ms_p50": round(statistics.median(times) * 1000, 2),
                            "ms_min": round(min(times) * 1000, 2), "rows": rows,
                            "binding": {k: v.n3() for k, v in binding.items()}}
        out["queries"][sq.name] = entry
        if not entry:
            continue
        line = f"  {sq.name:<36}"
        if "all" in entry:
            line += f" all {entry['all']['ms_p50']:9.2f} ms ({entry['all']['rows']:>6} rows)"
        if "bound" in entry:
            e = entry["bound"]
            line += f"  bound {e['ms_p50']:8.2f} ms ({e['rows']:>5} rows) {list(e['binding'])[0]}"
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
