"""Measure text extraction libraries for the ingestion of PDF and HTML documents (see BENCHMARKS.md, "Ingestion").

PDF: PDFs are made from the seeds' text in three layouts, each with a known reference text:
  - lines:   reportlab, one source line per PDF line (the layout of the seeds, which are PDF exports): line fidelity;
  - office:  a Word document (python-docx: headings, bullets, a table, justified paragraphs) converted by LibreOffice
             (`soffice --headless --convert-to pdf`): word order across wrapped lines and pages;
  - columns: reportlab, two text columns per page: reading order (column 1 before column 2).
Each library's text is scored against the reference: line recall (reference lines found as a whole line),
word recall (bag of words), order (difflib ratio of the word sequences) and time.

HTML: pages written here with chrome around an article (navigation, cookie banner, breadcrumb, share links,
related articles, footer) in three variants (HTML5 landmarks; plain <div>s with the usual English class words;
plain <div>s with French class words that isgraph's chrome list does not hold: held out): main-content recall
(article words found) and clean share (share of the output's words that are not chrome).

    python bench/ingest_formats.py [--seeds seeds] [--work /tmp/isgraph-ingest-bench]
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+", re.UNICODE)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def norm_line(line: str) -> str:
    return " ".join(line.split())


def source_lines(path: Path, limit: int | None = None) -> list[str]:
    lines = [norm_line(x) for x in path.read_text(encoding="utf-8").splitlines()]
    lines = [x for x in lines if x]
    return lines[:limit] if limit else lines


# ---- PDF makers ------------------------------------------------------------------------------------------------

def pdf_lines(lines: list[str], out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 40
    for line in lines:
        size = 9.0
        while size > 4 and pdfmetrics.stringWidth(line, "DejaVu", size) > width - 80:
            size -= 0.5
        if y < 40:
            c.showPage()
            y = height - 40
        c.setFont("DejaVu", size)
        c.drawString(40, y, line)
        y -= 12
    c.save()


def pdf_gaps(lines: list[str], out: Path) -> None:
    """One source line per PDF line and an empty source line as a vertical gap (a PDF export's layout)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 40
    for line in lines:
        if y < 40:
            c.showPage()
            y = height - 40
        if line.strip():
            size = 9.0
            while size > 3 and pdfmetrics.stringWidth(line, "DejaVu", size) > width - 80:
                size -= 0.5
            c.setFont("DejaVu", size)
            c.drawString(40, y, line)
        y -= 12
    c.save()


def bench_twins(seeds: Path, work: Path) -> list[tuple]:
    """Initiatives the extractors find in a seed's PDF twin, per library: found, and with the seed's own titles."""
    from isgraph.ingest.documents import SourceDocument
    from isgraph.extract import registry

    rows = []
    for seed in ("000_e5f077a7c2903689.txt", "002_88f36d25790b1621.txt"):
        path = seeds / seed
        text = path.read_text(encoding="utf-8")
        pdf = work / (path.stem + ".twin.pdf")
        pdf_gaps(text.split("\n"), pdf)
        family, recs = registry.extract(SourceDocument(seed, path, text, "-"))
        titles = [r.title for r in recs]
        for name, reader in PDF_READERS.items():
            got = reader(pdf).replace("\f", "\n")
            fam2, recs2 = registry.extract(SourceDocument(seed, path, got, "-"))
            same = sum(1 for r in recs2 if r.title in titles)
            rows.append((seed[:3] + f" ({family}, {len(titles)} initiatives)", name, fam2, len(recs2), same))
    return rows


def pdf_columns(paragraphs: list[str], out: Path) -> str:
    """Two columns per page; returns the reference text (paragraphs in order)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    w, h = A4
    frames = [Frame(40, 40, (w - 100) / 2, h - 80, id="c1"), Frame(60 + (w - 100) / 2, 40, (w - 100) / 2, h - 80, id="c2")]
    doc = BaseDocTemplate(str(out), pagesize=A4, pageTemplates=[PageTemplate(frames=frames)], invariant=1)
    style = ParagraphStyle("p", fontName="DejaVu", fontSize=9, leading=11, spaceAfter=4)
    doc.build([Paragraph(escape(p), style) for p in paragraphs])
    return "\n".join(paragraphs)


def docx_office(lines: list[str], out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    table_rows = []
    for i, line in enumerate(lines):
        if line.startswith(("•", "-", "+")) and len(line) > 2:
            d.add_paragraph(line[1:].strip(), style="List Bullet")
        elif len(line) < 50 and line[:1].isupper() and not line.endswith((".", ",", ";")) and i % 3 == 0:
            d.add_heading(line, level=2)
        elif ":" in line and len(line) < 70 and len(table_rows) < 8:
            table_rows.append(line.split(":", 1))
            if len(table_rows) == 8:
                t = d.add_table(rows=0, cols=2)
                for a, b in table_rows:
                    cells = t.add_row().cells
                    cells[0].text, cells[1].text = a.strip(), b.strip()
        else:
            p = d.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.save(str(out))


def soffice_pdf(src: Path, outdir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=300)
    return outdir / (src.stem + ".pdf")


# ---- PDF readers -----------------------------------------------------------------------------------------------

def read_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def read_pypdf_layout(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text(extraction_mode="layout") or "" for p in PdfReader(str(path)).pages)


def read_pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def read_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def read_pdftotext(path: Path, layout: bool) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def read_isgraph_pdf(path: Path) -> str:
    from isgraph.ingest.pdf import read_pdf

    return read_pdf(path, path.read_bytes()).text


PDF_READERS = {
    "isgraph (pypdf layout mode, margin removed, columns split at the gutter)": read_isgraph_pdf,
    "pypdf": read_pypdf,
    "pypdf (layout mode)": read_pypdf_layout,
    "pypdfium2": read_pdfium,
    "pdfplumber": read_pdfplumber,
    "pdftotext": lambda p: read_pdftotext(p, False),
    "pdftotext -layout": lambda p: read_pdftotext(p, True),
}


def scores(reference: str, got: str) -> dict[str, float]:
    ref_lines = [norm_line(x) for x in reference.splitlines() if x.strip()]
    got_lines = Counter(norm_line(x) for x in got.splitlines() if x.strip())
    found = 0
    for line in ref_lines:
        if got_lines[line] > 0:
            got_lines[line] -= 1
            found += 1
    rw, gw = words(reference), words(got)
    common = sum((Counter(rw) & Counter(gw)).values())
    sm = difflib.SequenceMatcher(None, rw, gw, autojunk=False)
    return {"lines": found / len(ref_lines), "words": common / len(rw), "order": sm.ratio()}


def bench_pdf(seeds: Path, work: Path, reps: int) -> list[tuple]:
    rows = []
    cases = []
    import textwrap

    lines = [w for x in source_lines(seeds / "002_88f36d25790b1621.txt") + source_lines(seeds / "003_d2f6919879ef3aac.txt")
             for w in textwrap.wrap(x, 110)]  # the seeds' own line breaks; over-long lines wrapped to fit the page
    pdf_lines(lines, work / "lines.pdf")
    cases.append(("lines", work / "lines.pdf", "\n".join(lines)))
    if shutil.which("soffice"):  # Debian libreoffice-writer-nogui
        office_lines = source_lines(seeds / "000_e5f077a7c2903689.txt", 900)
        docx_office(office_lines, work / "office.docx")
        cases.append(("office", soffice_pdf(work / "office.docx", work), "\n".join(office_lines)))
    else:
        print("(soffice not found: the LibreOffice case is left out)", file=sys.stderr)
    paragraphs = [" ".join(source_lines(seeds / "002_88f36d25790b1621.txt")[i:i + 6]) for i in range(0, 600, 6)]
    ref = pdf_columns(paragraphs, work / "columns.pdf")
    cases.append(("columns", work / "columns.pdf", ref))
    for case, pdf, reference in cases:
        for name, reader in PDF_READERS.items():
            if name.startswith("pdftotext") and not shutil.which("pdftotext"):
                continue
            got = reader(pdf)
            t0 = time.perf_counter()
            for _ in range(reps):
                reader(pdf)
            dt = (time.perf_counter() - t0) / reps
            rows.append((case, name, scores(reference, got), dt, pages(pdf)))
    return rows


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


# ---- HTML ------------------------------------------------------------------------------------------------------

CHROME_TOP = """<header><nav class="menu"><ul><li><a href="/">Accueil</a></li><li><a href="/actus">Actualités</a></li>
<li><a href="/agenda">Agenda</a></li><li><a href="/demarches">Mes démarches en ligne</a></li><li><a href="/contact">Nous
contacter</a></li></ul></nav><div id="cookie-banner" class="cookies">Ce site utilise des cookies pour mesurer
l'audience et améliorer votre expérience de navigation. <button>Tout accepter</button> <button>Personnaliser</button>
<button>Continuer sans accepter</button></div><nav class="breadcrumb"><a href="/">Accueil</a> &gt; <a href="/vivre">Vivre
ici</a> &gt; Solidarités</nav></header>"""
CHROME_BOTTOM = """<aside class="share">Partager sur Facebook · Partager sur LinkedIn · Imprimer la page · Envoyer par
courriel</aside><aside class="related"><h2>À lire aussi</h2><ul><li><a href="/a">Travaux de voirie rue des Lilas : la
circulation modifiée jusqu'en mars</a></li><li><a href="/b">Inscriptions au conservatoire de musique pour la rentrée</a></li>
<li><a href="/c">Le marché de Noël revient sur la place de la mairie</a></li></ul></aside><footer><p>Hôtel de ville ·
horaires d'ouverture du lundi au vendredi de 8h30 à 17h</p><ul><li>Mentions légales</li><li>Accessibilité : partiellement
conforme</li><li>Plan du site</li><li>Gestion des cookies</li></ul><p>© Tous droits réservés</p></footer>"""


def html_page(title: str, paragraphs: list[str], variant: int) -> str:
    body = f"<h1>{title}</h1>\n" + "\n".join(
        (f"<h2>{p}</h2>" if len(p) < 60 and not p.endswith(".") else
         f"<ul><li>{p}</li></ul>" if p.startswith("•") else f"<p>{p}</p>") for p in paragraphs)
    head = (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title} | Site officiel</title>"
            f"<script>var tracker = {{id: 'UA-1'}};</script><style>.menu{{display:flex}}</style></head><body>")
    if variant == 3:  # an old layout-table page, chrome in other cells
        strip = lambda h: re.sub(r"</?(header|nav|aside|footer)[^>]*>", "", re.sub(r' (id|class)="[^"]*"', "", h))
        return (f'{head}<table width="100%"><tr><td colspan="2">{strip(CHROME_TOP)}</td></tr><tr>'
                f'<td width="20%"><ul><li><a href="/1">Vie municipale</a></li><li><a href="/2">Enfance</a></li>'
                f'<li><a href="/3">Seniors</a></li><li><a href="/4">Culture</a></li></ul></td>'
                f'<td>{body}</td></tr><tr><td colspan="2">{strip(CHROME_BOTTOM)}</td></tr></table></body></html>')
    if variant % 3 == 2:  # held out: chrome in <div>s whose French class names are NOT in isgraph's chrome list
        fr = {"header": "bandeau-haut", "nav": "liens-rapides", "aside": "encart", "footer": "bas-de-page"}
        divs = lambda h: re.sub(r"<(/?)(header|nav|aside|footer)\b([^>]*)>",
                                lambda m: f"<{m.group(1)}div" + ("" if m.group(1) else f' class="{fr[m.group(2)]}"') + ">", h)
        top = re.sub(r' (id|class)="[^"]*"', "", CHROME_TOP)
        top, bottom = divs(top), divs(re.sub(r' (id|class)="[^"]*"', "", CHROME_BOTTOM))
        return f'{head}{top}<div class="colonne-centrale">{body}</div>{bottom}</body></html>'
    if variant % 2 == 0:  # HTML5 page: <header>/<nav>/<main>/<article>/<aside>/<footer>
        return f"{head}{CHROME_TOP}<main><article>{body}</article></main>{CHROME_BOTTOM}</body></html>"
    # older CMS page (known chrome words): the same chrome in plain <div>s (no semantic element), the cookie banner last
    divs = lambda h: re.sub(r"<(/?)(header|nav|aside|footer)\b", lambda m: f"<{m.group(1)}div", h)
    top, bottom = divs(CHROME_TOP), divs(CHROME_BOTTOM)
    banner = re.search(r'<div id="cookie-banner".*?</div>', top, re.S).group(0)
    return f'{head}{top.replace(banner, "")}<div id="content" class="page">{body}</div>{bottom}{banner}</body></html>'



def read_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""


def read_trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def read_bs4(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for t in soup(["script", "style"]):
        t.decompose()
    return soup.get_text("\n")


def read_bs4_main(html: str) -> str:
    """Plain rule: <main>/<article> if present, else <body>, minus nav/header/footer/aside."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for t in soup(["script", "style", "nav", "header", "footer", "aside", "form", "button"]):
        t.decompose()
    root = soup.find("article") or soup.find("main") or soup.body
    return root.get_text("\n")


def read_justext(html: str) -> str:
    import justext

    return "\n".join(p.text for p in justext.justext(html.encode(), justext.get_stoplist("French"))
                     if not p.is_boilerplate)


def read_isgraph(html: str) -> str:
    """isgraph.ingest.html: the structural rule (main/article/content root, chrome elements dropped)."""
    from isgraph.ingest.html import html_lines

    return "\n".join(html_lines(html))


HTML_READERS = {
    "isgraph rule (lxml: main / article / content root, chrome dropped)": read_isgraph,
    "trafilatura (favor_recall)": read_trafilatura,
    "trafilatura (default)": read_trafilatura_precision,
    "jusText": read_justext,
    "BeautifulSoup get_text": read_bs4,
    "BeautifulSoup main/article rule": read_bs4_main,
}


VARIANTS = ("HTML5 landmarks", "div chrome, known class words", "div chrome, held-out French class words",
            "layout table")


def bench_html(seeds: Path, reps: int) -> list[tuple]:
    """Per extractor and chrome variant: (article word recall, share of output words not chrome); ms per page.

    Articles: 10 seed-card pages (short lines) and 10 pages of the Néo Terra sheet's long paragraphs, each wrapped
    in each of the three chrome variants (60 pages)."""
    import html as html_mod
    from xml.sax.saxutils import escape

    cards = source_lines(seeds / "000_e5f077a7c2903689.txt", 600)
    prose = [x for x in source_lines(seeds / "003_d2f6919879ef3aac.txt") if len(x) > 40 and "<" not in x]
    articles = [cards[k * 60:(k + 1) * 60] for k in range(10)]
    articles += [prose[k * 5:(k + 1) * 5] for k in range(10) if prose[k * 5:(k + 1) * 5]]
    pages_ = []
    for art in articles:
        chunk = [escape(x.replace("**", "")) for x in art]
        for v in range(len(VARIANTS)):
            pages_.append((v, html_page(chunk[0], chunk[1:], v), html_mod.unescape("\n".join(chunk))))
    chrome_words = Counter(words(re.sub(r"<[^>]+>", " ", CHROME_TOP + CHROME_BOTTOM)))
    rows = []
    for name, reader in HTML_READERS.items():
        t0 = time.perf_counter()
        for _ in range(reps):
            outs = [reader(h) for _, h, _ in pages_]
        dt = (time.perf_counter() - t0) / reps / len(pages_)
        per = {v: ([], []) for v in range(len(VARIANTS))}
        for (v, h, ref), got in zip(pages_, outs):
            rec, clean = per[v]
            rec.append(scores(ref, got)["words"])
            gw = Counter(words(got))
            chrome = sum((gw & chrome_words).values()) - sum((gw & chrome_words & Counter(words(ref))).values())
            clean.append(1 - chrome / max(1, sum(gw.values())))
        rows.append((name, [(sum(r) / len(r), sum(c) / len(c)) for r, c in per.values()], dt))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=Path("seeds"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/isgraph-ingest-bench"))
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print("| PDF layout | library | pages | line recall | word recall | order (difflib) | ms / page |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for case, name, s, dt, n in bench_pdf(args.seeds, args.work, args.reps):
        lines = "–" if case == "columns" else f"{s['lines']:.3f}"  # paragraphs reflowed: no reference lines
        print(f"| {case} | {name} | {n} | {lines} | {s['words']:.3f} | {s['order']:.3f} | {1000 * dt / n:.1f} |")
    print()
    print("| seed twin PDF | library | family recognised | initiatives | with the seed's titles |")
    print("|---|---|---|---:|---:|")
    for seed, name, fam, n, same in bench_twins(args.seeds, args.work):
        print(f"| {seed} | {name} | {fam} | {n} | {same} |")
    print()
    print("| HTML extractor | " + " | ".join(f"{v}: recall / clean" for v in VARIANTS) + " | ms / page |")
    print("|---|" + "---:|" * (len(VARIANTS) + 1))
    for name, per, dt in bench_html(args.seeds, args.reps):
        print(f"| {name} | " + " | ".join(f"{r:.3f} / {c:.3f}" for r, c in per) + f" | {1000 * dt:.1f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
