"""Score the cartes-postales extractor against the dev gold (tests/data/gold/000_dev.json).

Usage: PYTHONPATH=src .venv/bin/python scripts/score_dev.py [-v]

Cards are matched by line overlap; names are compared with rapidfuzz token_set_ratio >= 85 after fold, one to one.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from rapidfuzz import fuzz

from isgraph.ingest.documents import read_document
from isgraph.extract.cartes_postales import CartesPostalesExtractor
from isgraph.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold" / "000_dev.json"
SEED = ROOT / "seeds" / "000_e5f077a7c2903689.txt"
LIMIT = 1412


def same(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 85


def match_names(pred: list[str], gold: list[str]) -> tuple[int, list[str], list[str]]:
    """Greedy one-to-one matching by best score: (true positives, false positives, false negatives)."""
    pairs = sorted(((fuzz.token_set_ratio(fold(p), fold(g)), i, j) for i, p in enumerate(pred)
                    for j, g in enumerate(gold)), reverse=True)
    used_p, used_g = set(), set()
    for score, i, j in pairs:
        if score < 85:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
    fp = [p for i, p in enumerate(pred) if i not in used_p]
    fn = [g for j, g in enumerate(gold) if j not in used_g]
    return len(used_p), fp, fn


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def main() -> None:
    verbose = "-v" in sys.argv
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    records = CartesPostalesExtractor().extract(read_document(SEED))
    preds = [r for r in records if r.start < LIMIT]
    matched = {}
    for gi, g in enumerate(gold):
        best = max(preds, key=lambda r: overlap((r.start, r.end), tuple(g["lines"])), default=None)
        if best is not None and overlap((best.start, best.end), tuple(g["lines"])) > 0:
            matched[gi] = best
    exact_bounds = sum(1 for gi, r in matched.items() if [r.start, r.end] == gold[gi]["lines"])
    card_p = len({id(r) for r in matched.values()}) / max(1, len(preds))
    card_r = len(matched) / len(gold)
    fields = {
        "porteurs": lambda r: [m.name for m in r.porteurs],
        "financeurs": lambda r: [f.funder for f in r.financements],
        "partenaires": lambda r: [m.name for m in r.partenaires],
        "generiques": lambda r: [m.name for m in r.partenaires_generiques],
        "territoires": lambda r: [m.name for m in r.territoires],
        "personnes": lambda r: list(r.personnes),
        "missions": lambda r: list(r.missions),
    }
    gold_key = {"porteurs": "porteurs", "financeurs": "financeurs", "partenaires": "partenaires",
                "generiques": "partenaires_generiques", "territoires": "territoires", "personnes": "personnes",
                "missions": "missions_texte"}
    totals = {k: [0, 0, 0] for k in fields}
    budget_ok = 0
    title_ok = 0
    errors: list[str] = []
    for gi, g in enumerate(gold):
        r = matched.get(gi)
        if r is None:
            errors.append(f"MISSING card {g['lines']} {g['title']}")
            for k in fields:
                totals[k][2] += len(g[gold_key[k]])
            continue
        for k, get in fields.items():
            tp, fp, fn = match_names(get(r), g[gold_key[k]])
            totals[k][0] += tp
            totals[k][1] += len(fp)
            totals[k][2] += len(fn)
            if fp or fn:
                errors.append(f"{g['lines'][0]:5d} {k:12s} FP={fp} FN={fn}")
        gb = g["budget_eur"]
        if (gb is None and r.budget is None) or (gb is not None and r.budget is not None
                                                  and Decimal(str(gb)) == r.budget):
            budget_ok += 1
        else:
            errors.append(f"{g['lines'][0]:5d} budget pred={r.budget} gold={gb} ({r.budget_text!r})")
        if same(r.title, g["title"]):
            title_ok += 1
        else:
            errors.append(f"{g['lines'][0]:5d} title pred={r.title!r} gold={g['title']!r}")
    print(f"cards: recall {card_r:.3f} precision {card_p:.3f} exact bounds {exact_bounds}/{len(gold)}")
    for k, (tp, fp, fn) in totals.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        print(f"{k:12s} P {p:.3f} R {rc:.3f} F1 {f1:.3f}  (tp {tp} fp {fp} fn {fn})")
    print(f"budget exact {budget_ok / len(gold):.3f}  titles {title_ok}/{len(gold)}")
    if verbose:
        print("\n".join(errors))


if __name__ == "__main__":
    main()
