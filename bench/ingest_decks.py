"""Measure the reading of slide decks (.pptx): isgraph's lxml reader against python-pptx (see BENCHMARKS.md, "Slide
decks").

A deck of N laureate slides (title, four bulleted paragraphs) is written with python-pptx; it is read by
`isgraph.ingest.slides.read_pptx` (slide order, placeholders' layout positions, reading order, tables, notes and
hidden slides left out) and by python-pptx (the text of every shape with a text frame, in the shapes' order: less
than the reader does), median of 5; then extracted (`registry.extract`).

    python bench/ingest_decks.py [--slides 300]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path


def deck(n: int) -> bytes:
    from pptx import Presentation

    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = "Appel à projets « Initiatives solidaires » : les lauréats"
    first.placeholders[1].text = "Département de la Somme"
    for k in range(n):
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = f"Atelier solidaire n° {k + 1}"
        tf = s.placeholders[1].text_frame
        tf.text = f"Porteur : Association Les Amis du Quartier {k + 1}"
        for b in ("Un atelier de réparation de vélos pour les habitants d'Abbeville",
                  f"Subvention départementale : {(k % 40 + 5) * 500} €", "Partenaires : Ville d'Abbeville, Mission locale"):
            tf.add_paragraph().text = b
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _median(f, reps: int = 5) -> float:
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--slides", type=int, default=300)
    args = ap.parse_args(argv)
    from pptx import Presentation

    from isgraph.extract import registry
    from isgraph.ingest.documents import SourceDocument
    from isgraph.ingest.slides import read_pptx

    data = deck(args.slides)
    path = Path("laureats.pptx")

    def with_python_pptx() -> str:
        prs = Presentation(io.BytesIO(data))
        return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)

    ours = _median(lambda: read_pptx(path, data))
    theirs = _median(with_python_pptx)
    conv = read_pptx(path, data)
    doc = SourceDocument(name=path.name, path=path, text=conv.text, sha256="-", media_type=conv.media_type,
                         headings=conv.headings)
    t = time.perf_counter()
    _, recs = registry.extract(doc)
    ext = time.perf_counter() - t
    funded = sum(1 for r in recs if r.financements)
    print(f"{args.slides} slides, {len(data):,} bytes: isgraph (lxml) {ours * 1000:.0f} ms · python-pptx "
          f"{theirs * 1000:.0f} ms · extract {ext:.2f} s · {len(recs)} initiatives, {funded} with a funder")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
