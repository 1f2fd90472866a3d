"""Score `isgraph build` on the held-out corpus (tests/data/corpus), one build per kind of document.

Usage:
    .venv/bin/python scripts/score_corpus.py                 # per-kind table
    .venv/bin/python scripts/score_corpus.py --json          # the same as JSON
    .venv/bin/python scripts/score_corpus.py --twins         # also the name-swap twins, and the difference
    .venv/bin/python scripts/score_corpus.py --details --kinds fiche,presse   # every miss and false hit

Each kind's documents (tests/data/corpus/docs/<kind>-NN.*) are copied into a fresh folder and built with the
`isgraph build` command; the published OUT/isgraph.ttl is scored with isgraph.evaluation against the hand-written
gold (tests/data/corpus/gold/<kind>-NN.json), every document annotated in full: an initiative read from a
document whose gold is `[]` (a legal notice, an agenda) is a false positive. A build that publishes nothing
(unknown documents skipped, "no initiative found" error, SHACL rejection) scores as an empty graph; its exit code
and last error line are shown in the table. "all" adds up the counts of every kind (micro-average).
"""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import Graph

from isgraph.evaluation import FIELDS, Score, evaluate, extracted_initiatives, gold_names
from isgraph.rdf.graphio import load_graph

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def kind_of(path: Path) -> str:
    return path.stem.rsplit("-", 1)[0]


def load_corpus(corpus: Path) -> dict[str, list[tuple[Path, list[dict]]]]:
    """kind -> [(document, gold items)], every document with its gold file."""
    kinds: dict[str, list[tuple[Path, list[dict]]]] = defaultdict(list)
    for doc in sorted((corpus / "docs").iterdir()):
        gold = corpus / "gold" / f"{doc.stem}.json"
        if not gold.is_file():
            raise SystemExit(f"score_corpus: {doc}: no gold file {gold.name}")
        kinds[kind_of(doc)].append((doc, json.loads(gold.read_text(encoding="utf-8"))))
    return dict(sorted(kinds.items()))


def _isgraph() -> list[str]:
    exe = Path(sys.executable).with_name("isgraph")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from isgraph.cli import main; sys.exit(main())"]


def build_kind(docs: list[Path], work: Path, jobs: int) -> tuple[Graph, dict]:
    """Build the documents with the CLI; (graph published, or empty; build status)."""
    src, out = work / "in", work / "out"
    src.mkdir(parents=True)
    for doc in docs:
        shutil.copy2(doc, src / doc.name)
    proc = subprocess.run([*_isgraph(), "build", str(src), "--out", str(out), "--quiet", "--jobs", str(jobs)],
                          capture_output=True, text=True, timeout=900)
    errors = [line for line in proc.stderr.splitlines() if line.strip() and "warning" not in line]
    skipped = sum("skipped" in line for line in proc.stderr.splitlines())
    status = {"exit": proc.returncode, "skipped": skipped, "error": errors[-1][:160] if errors else ""}
    ttl = out / "isgraph.ttl"
    if proc.returncode == 0 and ttl.is_file():
        return load_graph(ttl), status
    return Graph(), status


def score(graph: Graph, gold: list[dict], documents: list[str]):
    """isgraph.evaluation.evaluate with every document annotated in full. With an evaluate() that does not know
    `documents` yet, the initiatives read from documents without gold items are added as false positives."""
    if "documents" in inspect.signature(evaluate).parameters:
        return evaluate(graph, gold, documents=documents)
    result = evaluate(graph, gold)
    annotated = {item["doc"] for item in gold}
    for e in extracted_initiatives(graph):
        if e.doc in documents and e.doc not in annotated:
            result.initiatives.fp += 1
            result.details.append(f"EXTRA initiative {e.doc}:{e.start}-{e.end} {e.title!r}")
    return result


def _add(total: Score, s: Score) -> None:
    total.tp += s.tp
    total.fp += s.fp
    total.fn += s.fn


def _score_dict(s: Score) -> dict:
    return {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
            "tp": s.tp, "fp": s.fp, "fn": s.fn}


def run(corpus: Path, kinds_wanted: set[str] | None, jobs: int) -> dict:
    """Scores per kind and in all: {kind: {...}, "all": {...}}."""
    corpus_kinds = load_corpus(corpus)
    results: dict[str, dict] = {}
    total_init, total_fields = Score(), {f: Score() for f in FIELDS}
    total_e2e = {f: Score() for f in FIELDS}
    b_ok = b_total = 0
    with tempfile.TemporaryDirectory(prefix="isgraph-corpus-") as tmp:
        for kind, entries in corpus_kinds.items():
            if kinds_wanted and kind not in kinds_wanted:
                continue
            docs = [d for d, _ in entries]
            gold = [item for _, items in entries for item in items]
            graph, status = build_kind(docs, Path(tmp) / kind, jobs)
            names = [d.name for d in docs]
            ev = score(graph, gold, names)
            found = sum(1 for e in extracted_initiatives(graph) if e.doc in names)
            _add(total_init, ev.initiatives)
            e2e = {}
            for f in FIELDS:
                _add(total_fields[f], ev.fields[f])
                # end to end: the names of a missed initiative are missed too
                s = ev.fields[f]
                e2e[f] = Score(s.tp, s.fp, sum(len(gold_names(item, f)) for item in gold) - s.tp)
                _add(total_e2e[f], e2e[f])
            b_ok, b_total = b_ok + ev.budget_correct, b_total + ev.budget_total
            results[kind] = {"documents": len(docs), "gold": len(gold), "found": found, "build": status,
                             "initiatives": _score_dict(ev.initiatives),
                             **{f: _score_dict(ev.fields[f]) for f in FIELDS},
                             "end_to_end": {f: _score_dict(e2e[f]) for f in FIELDS},
                             "budget": [ev.budget_correct, ev.budget_total], "details": ev.details}
    results["all"] = {"documents": sum(r["documents"] for r in results.values()),
                      "gold": sum(r["gold"] for r in results.values()),
                      "found": sum(r["found"] for r in results.values()),
                      "build": {"exit": max((r["build"]["exit"] for r in results.values()), default=0),
                                "skipped": sum(r["build"]["skipped"] for r in results.values()), "error": ""},
                      "initiatives": _score_dict(total_init), **{f: _score_dict(total_fields[f]) for f in FIELDS},
                      "end_to_end": {f: _score_dict(total_e2e[f]) for f in FIELDS},
                      "budget": [b_ok, b_total], "details": []}
    return results


COLUMNS = ("kind", "docs", "gold", "found", "init P", "init R", "init F1", *(f"{f[:11]} F1" for f in FIELDS),
           "budget", "build")


def _f1(s: dict) -> str:
    return f"{s['f1']:.2f}" if s["tp"] + s["fp"] + s["fn"] else "n/a"


def table(results: dict, title: str) -> str:
    """Fields are scored over the matched initiatives (isgraph.evaluation), "n/a" when none matched; the
    end-to-end F1 below also counts the names of missed initiatives as missed."""
    rows = [COLUMNS]
    for kind, r in results.items():
        b = r["build"]
        build = "ok" if b["exit"] == 0 else f"exit {b['exit']}"
        if b["skipped"]:
            build += f", {b['skipped']} skipped"
        if b["error"] and kind != "all":
            build += f": {b['error'][:60]}"
        i = r["initiatives"]
        rows.append((kind, str(r["documents"]), str(r["gold"]), str(r["found"]), f"{i['precision']:.2f}",
                     f"{i['recall']:.2f}", f"{i['f1']:.2f}", *(_f1(r[f]) for f in FIELDS),
                     f"{r['budget'][0]}/{r['budget'][1]}", build))
    e2e = [("end-to-end F1", *(f[:11] for f in FIELDS))]
    e2e += [(kind, *(_f1(r["end_to_end"][f]) for f in FIELDS)) for kind, r in results.items()]
    return _grid(rows, title) + "\n" + _grid(e2e, "end to end (names of missed initiatives count as missed)")


def _grid(rows: list[tuple[str, ...]], title: str) -> str:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = [title] + ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def delta(original: dict, twins: dict) -> dict:
    """F1 on the twins minus F1 on the originals, per kind and field (0 everywhere = no name memorised)."""
    return {kind: {f: round(twins[kind][f]["f1"] - original[kind][f]["f1"], 3) for f in ("initiatives", *FIELDS)}
            for kind in original if kind in twins}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder with docs/ and gold/")
    parser.add_argument("--kinds", default="", help="comma-separated kinds to score (default: all)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--twins", action="store_true", help="also score the name-swap twins (scripts/twins.py)")
    parser.add_argument("--details", action="store_true", help="list every miss and false hit")
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes per build (default 1)")
    args = parser.parse_args()
    wanted = {k for k in args.kinds.split(",") if k} or None

    report = {"original": run(args.corpus, wanted, args.jobs)}
    if args.twins:
        from twins import write_twins

        with tempfile.TemporaryDirectory(prefix="isgraph-twins-") as tmp:
            write_twins(args.corpus, Path(tmp))
            report["twins"] = run(Path(tmp), wanted, args.jobs)
        report["delta_f1"] = delta(report["original"], report["twins"])

    if args.json:
        if not args.details:
            for part in ("original", "twins"):
                for r in report.get(part, {}).values():
                    r.pop("details", None)
        print(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
        return
    print(table(report["original"], f"held-out corpus {args.corpus}"))
    if args.twins:
        print(table(report["twins"], "name-swap twins"))
        fields = ("initiatives", *FIELDS)
        rows = [("kind", *fields)] + [(k, *(f"{v[f]:+.2f}" for f in fields)) for k, v in report["delta_f1"].items()]
        print(_grid(rows, "F1 twins - originals (0 = nothing memorised)"))
    if args.details:
        for part in ("original", "twins"):
            for kind, r in report.get(part, {}).items():
                for line in r.get("details", []):
                    print(f"[{part} {kind}] {line}")


if __name__ == "__main__":
    main()
