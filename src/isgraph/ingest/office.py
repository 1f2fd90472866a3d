"""Word processor files -> text lines: DOCX (python-docx) and ODT (the OpenDocument XML read with lxml).

The body is read in document order: one line per paragraph (a manual line break starts a new line), list items
prefixed "• " (or "1. " for a numbered list style), one line per table row (see `html.row_line`). Page headers,
footers, footnotes and comments are left out (page chrome)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from isgraph.errors import InputError
from isgraph.ingest.html import row_line

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before it is inflated


def _check_zip(path: Path, data: bytes, member: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        info = zf.getinfo(member)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
        raise InputError(f"not a readable {path.suffix.lower().lstrip('.').upper()} file (broken ZIP or missing "
                         f"{member})", path=path) from None
    if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED or info.file_size > MAX_UNCOMPRESSED:
        raise InputError(f"{member} too large once uncompressed (> {MAX_UNCOMPRESSED} bytes)", path=path)
    return zf


def read_docx(path: Path, data: bytes):
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from isgraph.ingest import Converted, clean_lines, media_type

    _check_zip(path, data, "word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed packages
        raise InputError(f"not a readable DOCX file ({type(exc).__name__})", path=path) from None
    lines: list[str] = []
    numbers: dict[str, int] = {}
    headings: set[str] = set()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines += _paragraph_lines(block, numbers)
            lines += _text_box_lines(block._p)
            style = (block.style.name if block.style is not None else "") or ""
            if _HEADING_STYLE.match(style) and block.text.strip():
                headings.add(" ".join(block.text.split()))
        elif isinstance(block, Table):
            numbers.clear()
            lines += _table_lines(block)
    return Converted(text=clean_lines(lines), media_type=media_type(path), headings=frozenset(headings))


# Word's heading styles, in English and in a French Word ('Titre 1'): the lines the readers take as headings
_HEADING_STYLE = re.compile(r"^(?:Heading|Titre)\s*\d*$|^Title$", re.IGNORECASE)



def _paragraph_lines(p, numbers: dict[str, int]) -> list[str]:
    text = p.text.replace("\t", " ")
    style = (p.style.name if p.style is not None else "") or ""
    ppr = p._p.pPr
    is_list = style.startswith("List") or (ppr is not None and ppr.numPr is not None)
    parts = text.split("\n")
    if is_list and text.strip():
        if "Number" in style:
            numbers[style] = numbers.get(style, 0) + 1
            parts[0] = f"{numbers[style]}. {parts[0].strip()}"
        else:
            parts[0] = f"• {parts[0].strip()}"
    elif not is_list:
        numbers.clear()
    return parts


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_lines(p) -> list[str]:
    """The paragraphs of the text boxes anchored in a paragraph (a flyer's or a poster's text is often all in
    shapes), after it; a text box Word also writes as its VML fallback is read once."""
    out: list[str] = []
    for box in p.iter(f"{{{_W}}}txbxContent"):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        if any(a.tag == f"{{{_W}}}txbxContent" for a in box.iterancestors()):
            continue  # (a box inside a box: read with its parent)
        for para in box.iter(f"{{{_W}}}p"):
            parts = [""]
            for el in para.iter(f"{{{_W}}}t", f"{{{_W}}}br", f"{{{_W}}}tab"):
                if el.tag == f"{{{_W}}}t":
                    parts[-1] += el.text or ""
                elif el.tag == f"{{{_W}}}br":
                    parts.append("")
                else:
                    parts[-1] += " "
            out += [" ".join(x.split()) for x in parts]
        out.append("")
    return out


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen = []
        for cell in row.cells:
            if any(cell._tc is s for s in seen):  # a merged cell is listed once per grid column
                continue
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split()))
        line = row_line(cells)
        if line:
            lines.append(line)
    return lines + [""]


# ---- ODT -------------------------------------------------------------------------------------------------------

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SKIP = {f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes",
        f"{{{TEXT}}}sequence-decls", f"{{{TEXT}}}table-of-content"}


def _odt_inline(el) -> str:
    """Text of a paragraph: text:s (spaces), text:tab, text:line-break (newline); notes and comments left out."""
    out = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag in SKIP:
            pass
        elif tag == f"{{{TEXT}}}s":
            out.append(" " * int(child.get(f"{{{TEXT}}}c", "1") or 1))
        elif tag == f"{{{TEXT}}}tab":
            out.append(" ")
        elif tag == f"{{{TEXT}}}line-break":
            out.append("\n")
        elif tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):  # a text box's paragraph ('draw:frame/draw:text-box'): a line
            out.append("\n" + _odt_inline(child) + "\n")
        else:
            out.append(_odt_inline(child))
        out.append(child.tail or "")
    return "".join(out)


def _odt_blocks(el, lines: list[str], prefix: str = "", headings: set[str] | None = None) -> None:
    for child in el:
        tag = child.tag
        if tag in SKIP:
            continue
        if tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            parts = _odt_inline(child).split("\n")
            if len(parts) > 1:  # (line breaks, text boxes' paragraphs: no empty line between them)
                parts = [x for x in parts if x.strip()] or [""]
            if tag == f"{{{TEXT}}}h" and headings is not None and " ".join(" ".join(parts).split()):
                headings.add(" ".join(" ".join(parts).split()))
            if prefix and parts[0].strip():
                parts[0] = prefix + parts[0].strip()
                prefix = ""
            lines += parts
        elif tag == f"{{{TEXT}}}list":
            for item in child:
                if item.tag in (f"{{{TEXT}}}list-item", f"{{{TEXT}}}list-header"):
                    _odt_blocks(item, lines, "• ", headings)
        elif tag == f"{{{TABLE}}}table":
            for row in child.iter(f"{{{TABLE}}}table-row"):
                cells = []
                for cell in row:
                    if cell.tag == f"{{{TABLE}}}table-cell":
                        sub: list[str] = []
                        _odt_blocks(cell, sub)
                        cells.append(" ".join(" ".join(sub).split()))
                line = row_line(cells)
                if line:
                    lines.append(line)
            lines.append("")
        else:
            _odt_blocks(child, lines, prefix, headings)


def read_odt(path: Path, data: bytes):
    from lxml import etree

    from isgraph.ingest import Converted, clean_lines, media_type

    zf = _check_zip(path, data, "content.xml")
    try:
        root = etree.fromstring(zf.read("content.xml"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                      huge_tree=False))
    except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"not a readable ODT file ({type(exc).__name__})", path=path) from None
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    lines: list[str] = []
    headings: set[str] = set()
    if body is not None:
        _odt_blocks(body, lines, headings=headings)
    return Converted(text=clean_lines(lines), media_type=media_type(path), headings=frozenset(headings))
