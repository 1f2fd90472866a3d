"""Name-swap twins of the held-out corpus: every invented name replaced by another invented name.

Usage: .venv/bin/python scripts/twins.py OUT_DIR [--corpus tests/data/corpus]

Writes OUT_DIR/docs/<same file names> and OUT_DIR/gold/<same file names> where every name of
tests/data/corpus/twins.tsv (organisations, initiative titles, persons, e-mail domains; the real places stay) is
replaced by its twin, in its written form and in upper case ("Roue Libre Autunoise" / "ROUE LIBRE AUTUNOISE").
Lines are kept, so every gold line span stays right. An extractor that reads language and layout scores the same
on the twins as on the originals; a lower score on the twins means some name was memorised.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def load_mapping(path: Path) -> list[tuple[str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"{path}:{n}: expected 'original<TAB>twin'")
        rows.append((parts[0], parts[1]))
    return rows


def swapper(mapping: list[tuple[str, str]]) -> Callable[[str], str]:
    """One pass, longest name first, so a twin is never rewritten again and "SCOP Fil d'Estuaire" and "Fil
    d'Estuaire" both become their twins."""
    table: dict[str, str] = {}
    for original, twin in mapping:
        table[original] = twin
        table.setdefault(original.upper(), twin.upper())
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=lambda k: (-len(k), k))))
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


def _swap_json(value, swap: Callable[[str], str]):
    if isinstance(value, str):
        return swap(value)
    if isinstance(value, list):
        return [_swap_json(v, swap) for v in value]
    if isinstance(value, dict):
        return {k: _swap_json(v, swap) for k, v in value.items()}
    return value


def write_twins(corpus: Path, dest: Path) -> list[Path]:
    """Write the twin corpus into dest (docs/, gold/); returns the twin documents."""
    swap = swapper(load_mapping(corpus / "twins.tsv"))
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    (dest / "gold").mkdir(parents=True, exist_ok=True)
    written = []
    for doc in sorted((corpus / "docs").iterdir()):
        text = doc.read_text(encoding="utf-8")
        twin = swap(text)
        if twin.count("\n") != text.count("\n"):
            raise ValueError(f"{doc}: a swap changed the number of lines")
        out = dest / "docs" / doc.name
        out.write_text(twin, encoding="utf-8")
        written.append(out)
    for gold in sorted((corpus / "gold").glob("*.json")):
        items = _swap_json(json.loads(gold.read_text(encoding="utf-8")), swap)
        (dest / "gold" / gold.name).write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write docs/ and gold/ into")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    docs = write_twins(args.corpus, args.out)
    print(f"{len(docs)} twin documents written to {args.out}/docs, gold to {args.out}/gold")


if __name__ == "__main__":
    main()
