#!/usr/bin/env python3
"""Time the stored queries the way a server meets them: bound to many values of their parameter, not just one.

    bench/queries_sampled.py STORE [--per-kind 15] [--json OUT]

`bench/queries_bound.py` times each query with one binding, the hardest one (the région with most initiatives).
A user of `isgraph serve` or of the site asks for any territory, theme or initiative: this script draws, for each
IRI parameter of each stored query, a deterministic sample of the values the graph has (every région, and
`--per-kind` départements, communes, Parcs, initiatives, themes, fonctions, evenly spaced in IRI order among those
that have initiatives), runs each call twice on the store opened read-only and reports, per query and per kind of
value, the p50 / p90 / max of the second (warm) call, the first call's p50, and the rows returned.

Parameters that are thresholds or text (`min`, `titre`) select nothing: they are not sampled here
(`queries_bound.py` times them).

With the build's precomputed answers (STORE/answers.sqlite, isgraph.query.answers), each call is also timed as
`isgraph serve` answers it (`/queries/NAME`): the stored answer when there is one, else the live query.

Example: .venv/bin/python bench/queries_sampled.py /tmp/o1000/store --json /tmp/sampled.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ISG = "https://w3id.org/isgraph/ontology#"

# kind of value -> SPARQL giving every value of that kind used by some initiative, in IRI order
VALUES = {
    "territoire": {
        "région": f"SELECT DISTINCT ?v WHERE {{ ?v a <{ISG}Region> . ?i <{ISG}territoire>/<{ISG}inclusDans> ?v }} ORDER BY ?v",
        "département": f"SELECT DISTINCT ?v WHERE {{ ?v a <{ISG}Departement> . ?i <{ISG}territoire>/<{ISG}inclusDans> ?v }} ORDER BY ?v",
        "parc": f"SELECT DISTINCT ?v WHERE {{ ?v a <{ISG}ParcNaturelRegional> . ?i <{ISG}territoire>/<{ISG}inclusDans>? ?v }} ORDER BY ?v",
        "EPCI": f"SELECT DISTINCT ?v WHERE {{ ?v a <{ISG}EPCI> . ?i <{ISG}territoire>/<{ISG}inclusDans>? ?v }} ORDER BY ?v",
        "commune": f"SELECT DISTINCT ?v WHERE {{ ?v a <{ISG}Commune> . ?i <{ISG}territoire> ?v }} ORDER BY ?v",
    },
    "theme": {"thème": f"SELECT DISTINCT ?v WHERE {{ ?i <{ISG}theme> ?v }} ORDER BY ?v"},
    "fonction": {"fonction": f"SELECT DISTINCT ?v WHERE {{ ?i <{ISG}fonction> ?v }} ORDER BY ?v"},
    "initiative": {"initiative": f"SELECT ?v WHERE {{ ?v a <{ISG}Initiative> }} ORDER BY ?v"},
    "acteur": {"acteur": f"SELECT DISTINCT ?v WHERE {{ ?r <{ISG}acteur> ?v }} ORDER BY ?v"},
}
ALL_OF = {"région", "thème", "fonction"}  # few enough to time every one


def spaced(values: list, n: int) -> list:
    """n values evenly spaced in the list (all of them when there are fewer)."""
    if len(values) <= n:
        return values
    step = len(values) / n
    return [values[int(i * step)] for i in range(n)]


def samples(store, per_kind: int) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for param, kinds in VALUES.items():
        out[param] = {}
        for kind, sparql in kinds.items():
            values = [row[0] for row in store.query(sparql)]
            if values:
                out[param][kind] = values if kind in ALL_OF else spaced(values, per_kind)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def time_sampled(store, per_kind: int, echo=None, answers=None, served_only: bool = False) -> dict:
    """{query: {"param=kind": {calls, warm/first p50, p90, max ms, rows}}, "_all": {...}} on an open store.

    `answers` (an isgraph.query.answers.Answers): each call is also timed the way `isgraph serve` answers it
    (`/queries/NAME`): the precomputed answer's JSON document when the build stored one (read twice, the second
    timed), else the live query (its warm time): "served" p50 / p90 / max and the share of calls precomputed.
    `served_only`: the live query is not timed for the calls precomputed (their live columns are nan)."""
    from isgraph.query import queries

    picked = samples(store, per_kind)
    if echo:
        echo(", ".join(f"{k} {len(v)}" for p in picked.values() for k, v in p.items()))
    out: dict = {}
    everything: list[float] = []
    everything_served: list[float] = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        sq = queries.StoredQuery.load(path)
        for param in sq.params:
            for kind, values in picked.get(param, {}).items():
                first, warm, rows, served, held = [], [], [], [], 0
                for value in values:
                    binding = {param: queries.to_term(f"<{value.value}>")}
                    if served_only and answers.get(sq, binding) is not None:
                        first.append(float("nan"))
                        warm.append(float("nan"))
                        rows.append(answers.result(sq, binding).rows.__len__())
                    else:
                        for rep in range(2):
                            t0 = time.perf_counter()
                            r = queries.run_oxigraph(store, sq, binding)
                            (first if rep == 0 else warm).append((time.perf_counter() - t0) * 1000)
                        rows.append(len(r.rows))
                    if answers is not None:
                        for rep in range(2):
                            t0 = time.perf_counter()
                            doc = answers.get(sq, binding)
                            dt = (time.perf_counter() - t0) * 1000
                        held += doc is not None
                        served.append(dt if doc is not None else warm[-1])
                warm_n = [w for w in warm if w == w]
                everything += warm_n
                everything_served.extend(served)
                firsts = [f for f in first if f == f] or [float("nan")]
                warm_n = warm_n or [float("nan")]
                entry = {"calls": len(values), "warm_ms_p50": round(statistics.median(warm_n), 2),
                         "warm_ms_p90": round(pct(warm_n, 0.9), 2), "warm_ms_max": round(max(warm_n), 2),
                         "first_ms_p50": round(statistics.median(firsts), 2),
                         "rows_p50": statistics.median(rows), "rows_max": max(rows)}
                if served:
                    entry.update(served_ms_p50=round(statistics.median(served), 2),
                                 served_ms_p90=round(pct(served, 0.9), 2), served_ms_max=round(max(served), 2),
                                 precomputed=held)
                out.setdefault(sq.name, {})[f"{param}={kind}"] = entry
                if echo:
                    echo(f"  {sq.name:<36} {param}={kind:<12} {len(values):>3} calls  warm p50 "
                         f"{entry['warm_ms_p50']:8.1f}  p90 {entry['warm_ms_p90']:8.1f}  max {entry['warm_ms_max']:8.1f}"
                         f" ms  first p50 {entry['first_ms_p50']:8.1f} ms  rows p50 {entry['rows_p50']:g} max "
                         f"{entry['rows_max']}"
                         + (f"  served p50 {entry['served_ms_p50']:.2f} p90 {entry['served_ms_p90']:.2f} max "
                            f"{entry['served_ms_max']:.2f} ms ({held}/{len(values)} precomputed)" if served else ""))
    if everything:
        out["_all"] = {"calls": len(everything), "warm_ms_p50": round(statistics.median(everything), 2),
                       "warm_ms_p90": round(pct(everything, 0.9), 2), "warm_ms_max": round(max(everything), 2)}
        if echo:
            echo(f"all sampled calls: {len(everything)}, warm p50 {out['_all']['warm_ms_p50']} ms, p90 "
                 f"{out['_all']['warm_ms_p90']} ms, max {out['_all']['warm_ms_max']} ms")
    if everything_served:
        out["_all"].update(served_ms_p50=round(statistics.median(everything_served), 2),
                           served_ms_p90=round(pct(everything_served, 0.9), 2),
                           served_ms_max=round(max(everything_served), 2))
        if echo:
            echo(f"all sampled calls as served (precomputed answers, else live): p50 "
                 f"{out['_all']['served_ms_p50']} ms, p90 {out['_all']['served_ms_p90']} ms, max "
                 f"{out['_all']['served_ms_max']} ms")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--per-kind", type=int, default=15, help="values drawn per kind (every région, theme, fonction)")
    ap.add_argument("--json", type=Path, default=None, help="write the timings as JSON there")
    ap.add_argument("--served-only", action="store_true", help="do not time the live query of the calls the "
                                                               "answers hold (hours on a national store)")
    ap.add_argument("--live-only", action="store_true", help="do not time STORE/answers.sqlite (the build's "
                                                             "precomputed answers) beside the live calls")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    store = ox.Store.read_only(str(args.store))
    print(f"store {args.store}:", flush=True)
    answers = None
    if (args.store / "answers.sqlite").is_file() and not args.live_only:  # the build's precomputed answers
        from isgraph.query.answers import Answers
        answers = Answers(args.store / "answers.sqlite")
    res = time_sampled(store, args.per_kind, echo=lambda line: print(line, flush=True), answers=answers,
                       served_only=args.served_only and answers is not None)
    if args.json:
        out = {"store": str(args.store), "per_kind": args.per_kind, "queries": res}
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
