"""Writers of test documents in every ingested format, from lines of text (tests generate their own PDF, DOCX, ODT
and HTML files: nothing binary is committed).

The PDF writer lays one text line per PDF line and an empty line as a vertical gap, the layout of a PDF export
(reportlab, DejaVu Sans when installed for the accents, else Helvetica)."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINE_STEP = 12
TOP, BOTTOM = 40, 40


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if DEJAVU.exists():
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
        return "DejaVu"
    return "Helvetica"


def lines_per_page() -> int:
    from reportlab.lib.pagesizes import A4

    return int((A4[1] - TOP - BOTTOM) // LINE_STEP) + 1


def write_pdf(lines: list[str], path: Path) -> Path:
    """Line i (0-based) of `lines` is on page i // lines_per_page() + 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = _font()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - TOP
    for line in lines:
        if y < BOTTOM:
            c.showPage()
            y = height - TOP
        if line.strip():
            size = 9.0
            while size > 3 and pdfmetrics.stringWidth(line, font, size) > width - 80:
                size -= 0.5
            c.setFont(font, size)
            c.drawString(40, y, line)
        y -= LINE_STEP
    c.save()
    return path


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only drawings (what a scanner gives: no text layer)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        for k in range(30):
            c.rect(40 + k * 5, 100 + k * 20, 300, 8, fill=1)
        c.showPage()
    c.save()
    return path


def write_docx(lines: list[str], path: Path) -> Path:
    """One paragraph per line (an empty line: an empty paragraph)."""
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def write_html(lines: list[str], path: Path, title: str = "Page") -> Path:
    """Consecutive lines as one <p> with <br>, empty lines between paragraphs; site chrome around a <main>."""
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(html.escape(line.strip()))
        elif current:
            paragraphs.append("<p>" + "<br>\n".join(current) + "</p>")
            current = []
    body = "\n".join(paragraphs)
    page = (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            "<script>var x = 1;</script></head><body>"
            '<header><nav><a href="/">Accueil</a> <a href="/actus">Actualités</a></nav></header>'
            '<div class="cookie-banner">Nous utilisons des cookies. <button>Accepter</button></div>'
            f"<main>{body}</main>"
            "<footer><p>Mentions légales · Plan du site</p></footer></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def write_odt(body_xml: str, path: Path) -> Path:
    """An OpenDocument text file whose office:text holds `body_xml`."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.3">'
               f"<office:body><office:text>{body_xml}</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
    return path


def odt_paragraphs(lines: list[str]) -> str:
    return "".join(f"<text:p>{html.escape(line)}</text:p>" for line in lines)
