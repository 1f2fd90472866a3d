"""Slide decks -> text lines: PowerPoint (`.pptx`, the OOXML package) and OpenDocument presentations (`.odp`), both
read with lxml.

A Région's or a network's deck presents its laureates, a project's partners and budget slide by slide. Each
visible slide becomes its title (a heading line, `Converted.headings`), then the text of its shapes in reading
order — top to bottom, then left to right, a group's shapes in place — one line per paragraph (a manual line break
starts a new line), a bulleted paragraph prefixed "• ", a table one line per row (`html.row_line`). Slides are
separated by two empty lines, the layout `extract.diaporama` reads. Left out: hidden slides, speaker notes, slide
numbers, dates and footers (page chrome), pictures."""

from __future__ import annotations

import posixpath
from pathlib import Path

from isgraph.errors import InputError
from isgraph.ingest.html import row_line
from isgraph.ingest.office import _check_zip

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHROME_PLACEHOLDERS = {"sldNum", "dt", "ftr", "hdr", "sldImg"}
_TITLE_PLACEHOLDERS = {"title", "ctrTitle"}
MAX_SLIDES = 2000


def _parse(path: Path, data: bytes, what: str):
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not a readable {what} file ({type(exc).__name__})", path=path) from None


# ---- PPTX ------------------------------------------------------------------------------------------------------

def _slide_parts(path: Path, zf) -> list[str]:
    """The slides' part names in presentation order (ppt/presentation.xml's slide list and its relationships)."""
    pres = _parse(path, zf.read("ppt/presentation.xml"), "PPTX")
    try:
        rels = _parse(path, zf.read("ppt/_rels/presentation.xml.rels"), "PPTX")
    except KeyError:
        raise InputError("not a readable PPTX file (missing ppt/_rels/presentation.xml.rels)", path=path) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{PKG_REL}}}Relationship")}
    parts = []
    for sld in pres.iter(f"{{{P}}}sldId"):
        target = targets.get(sld.get(f"{{{R}}}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("ppt", target))
            parts.append(part)
    return parts[:MAX_SLIDES]


def _offset(el) -> tuple[int, int] | None:
    off = el.find(f"{{{P}}}spPr/{{{A}}}xfrm/{{{A}}}off")
    if off is None:
        off = el.find(f"{{{P}}}xfrm/{{{A}}}off")  # a graphic frame (table)
    if off is None:
        off = el.find(f"{{{P}}}grpSpPr/{{{A}}}xfrm/{{{A}}}off")  # a group
    if off is None:
        return None
    try:
        return int(off.get("y", "0")), int(off.get("x", "0"))
    except ValueError:
        return None


def _ph(el):
    """A shape's placeholder element (`p:ph`: its type, idx), or None."""
    for nv in el:
        if isinstance(nv.tag, str) and (nv.tag.endswith("}nvSpPr") or nv.tag.endswith("}nvGraphicFramePr")):
            return nv.find(f"{{{P}}}nvPr/{{{P}}}ph")
    return None


def _related(path: Path, zf, part: str, kind: str) -> str | None:
    """The part a slide (or layout) part relates to by a relationship of `kind` ('slideLayout', 'slideMaster')."""
    folder, name = posixpath.split(part)
    try:
        rels = _parse(path, zf.read(f"{folder}/_rels/{name}.rels"), "PPTX")
    except KeyError:
        return None
    for r in rels.iter(f"{{{PKG_REL}}}Relationship"):
        if r.get("Type", "").endswith(f"/{kind}"):
            return posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
    return None


def _layout_offsets(path: Path, zf, part: str, memo: dict) -> dict:
    """(placeholder type, idx) -> (y, x) of the placeholders of a slide's layout and master: where a placeholder
    without a position of its own is drawn."""
    layout = _related(path, zf, part, "slideLayout")
    if layout is None:
        return {}
    if layout not in memo:
        offsets: dict = {}
        master = _related(path, zf, layout, "slideMaster")
        for source in (master, layout):  # the layout's positions override the master's
            if source is None:
                continue
            try:
                root = _parse(path, zf.read(source), "PPTX")
            except KeyError:
                continue
            for el in root.iter(f"{{{P}}}sp"):
                ph, where = _ph(el), _offset(el)
                if ph is not None and where is not None:
                    offsets[(ph.get("type") or "body", None)] = where
                    if ph.get("idx"):
                        offsets[(ph.get("type") or "body", ph.get("idx"))] = where
        memo[layout] = offsets
    return memo[layout]


def _paragraph(p, bulleted_by_default: bool) -> list[str]:
    parts = [""]
    for child in p:
        tag = child.tag
        if tag in (f"{{{A}}}r", f"{{{A}}}fld"):
            if tag == f"{{{A}}}fld" and (child.get("type") or "").startswith("slidenum"):
                continue
            t = child.find(f"{{{A}}}t")
            parts[-1] += (t.text or "") if t is not None else ""
        elif tag == f"{{{A}}}br":
            parts.append("")
    parts = [" ".join(x.replace("\t", " ").split()) for x in parts]
    ppr = p.find(f"{{{A}}}pPr")
    bullet = bulleted_by_default
    if ppr is not None:
        if ppr.find(f"{{{A}}}buNone") is not None:
            bullet = False
        elif ppr.find(f"{{{A}}}buChar") is not None or ppr.find(f"{{{A}}}buAutoNum") is not None:
            bullet = True
    if bullet and parts[0]:
        parts[0] = f"• {parts[0]}"
    return parts


def _table(tbl) -> list[str]:
    lines = []
    for tr in tbl.iter(f"{{{A}}}tr"):
        cells = []
        for tc in tr.findall(f"{{{A}}}tc"):
            if tc.get("hMerge") == "1" or tc.get("vMerge") == "1":
                continue
            text = " ".join(" ".join(_paragraph(p, False)) for p in tc.iter(f"{{{A}}}p"))
            cells.append(" ".join(text.split()))
        line = row_line(cells)
        if line:
            lines.append(line)
    return lines + [""]


def _shapes(tree, title: list[str], body: list[str], inherited: dict) -> None:
    """The text of a shape tree's shapes, in reading order, into `title` (the title placeholder) and `body`;
    `inherited`: the layout's placeholder positions (`_layout_offsets`)."""
    shapes = [el for el in tree if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] in ("sp", "grpSp",
                                                                                              "graphicFrame")]
    order = []
    for k, el in enumerate(shapes):
        ph = _ph(el)
        kind = ph.get("type") if ph is not None else None
        where = _offset(el)
        if where is None and ph is not None:  # a placeholder drawn where its layout puts it
            where = inherited.get((kind or "body", ph.get("idx"))) or inherited.get((kind or "body", None))
        rank = (0, 0, 0) if kind in _TITLE_PLACEHOLDERS else (1, *where) if where else (1, 1 << 62, k)
        order.append((rank, k, el, ph))
    for _, _, el, ph in sorted(order, key=lambda t: (t[0], t[1])):
        name = el.tag.rsplit("}", 1)[-1]
        if name == "grpSp":
            _shapes(el, title, body, inherited)
            continue
        if name == "graphicFrame":
            for tbl in el.iter(f"{{{A}}}tbl"):
                body.extend(_table(tbl))
            continue
        kind, is_placeholder = (ph.get("type"), True) if ph is not None else (None, False)
        if kind in _CHROME_PLACEHOLDERS:
            continue
        tx = el.find(f"{{{P}}}txBody")
        if tx is None:
            continue
        # the text of a body placeholder is bulleted by the slide master unless a paragraph says otherwise
        bulleted = is_placeholder and kind in (None, "body", "obj")
        lines = []
        for p in tx.findall(f"{{{A}}}p"):
            lines += _paragraph(p, bulleted)
        lines = [ln for ln in lines if ln]
        if kind in _TITLE_PLACEHOLDERS and not title:
            title.append(" ".join(" ".join(lines).split()))
        elif lines:
            body.extend(lines + [""])


def read_pptx(path: Path, data: bytes):
    from isgraph.ingest import Converted, clean_lines, media_type

    zf = _check_zip(path, data, "ppt/presentation.xml")
    lines: list[str] = []
    headings: set[str] = set()
    layouts: dict = {}
    for part in _slide_parts(path, zf):
        try:
            slide = _parse(path, zf.read(part), "PPTX")
        except KeyError:
            raise InputError(f"not a readable PPTX file (missing {part})", path=path) from None
        if slide.get("show") in ("0", "false"):
            continue
        tree = slide.find(f"{{{P}}}cSld/{{{P}}}spTree")
        if tree is None:
            continue
        title: list[str] = []
        body: list[str] = []
        _shapes(tree, title, body, _layout_offsets(path, zf, part, layouts))
        _slide(lines, headings, title[0] if title else "", body)
    return Converted(text=clean_lines(lines), media_type=media_type(path), headings=frozenset(headings))


def _slide(lines: list[str], headings: set[str], title: str, body: list[str]) -> None:
    if not title and not any(b.strip() for b in body):
        return
    if lines:
        lines += ["", ""]
    if title:
        lines.append(title)
        headings.add(title)
    lines += body


# ---- ODP -------------------------------------------------------------------------------------------------------

DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
PRES = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_ODP_CHROME = {"page-number", "date-time", "footer", "header", "notes", "handout"}


def _length(value: str | None) -> float:
    """An ODF length ('2.5cm', '1in', '12pt') in centimetres (0 when absent)."""
    if not value:
        return 0.0
    units = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96}
    for unit, factor in units.items():
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return 0.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def _odp_shapes(parent, title: list[str], body: list[str]) -> None:
    from isgraph.ingest.office import TABLE, _odt_blocks

    items = []
    for k, el in enumerate(parent):
        if not isinstance(el.tag, str) or el.tag not in (f"{{{DRAW}}}frame", f"{{{DRAW}}}g",
                                                           f"{{{DRAW}}}custom-shape", f"{{{DRAW}}}rect"):
            continue
        kind = el.get(f"{{{PRES}}}class")
        rank = (0, 0.0, 0.0) if kind == "title" else (1, _length(el.get(f"{{{SVG}}}y")), _length(el.get(f"{{{SVG}}}x")))
        items.append((rank, k, el))
    for _, _, el in sorted(items, key=lambda t: (t[0], t[1])):
        kind = el.get(f"{{{PRES}}}class")
        if kind in _ODP_CHROME:
            continue
        if el.tag == f"{{{DRAW}}}g":
            _odp_shapes(el, title, body)
            continue
        lines: list[str] = []
        for child in el:
            if child.tag == f"{{{DRAW}}}text-box" or child.tag == f"{{{TABLE}}}table":
                _odt_blocks(child if child.tag == f"{{{DRAW}}}text-box" else el, lines)
            elif el.tag != f"{{{DRAW}}}frame" and child.tag.endswith("}p"):
                _odt_blocks(el, lines)  # a shape's own text (custom-shape, rect)
                break
        if kind == "outline":  # the outline placeholder's paragraphs are its bullets
            lines = [ln if not ln.strip() or ln.startswith("• ") else f"• {ln.strip()}" for ln in lines]
        lines = [" ".join(ln.split()) if not ln.startswith("• ") else "• " + " ".join(ln[2:].split())
                 for ln in lines]
        if kind == "title" and not title:
            title.append(" ".join(" ".join(lines).split()))
        elif any(lines):
            body.extend([ln for ln in lines if ln] + [""])


def read_odp(path: Path, data: bytes):
    from isgraph.ingest import Converted, clean_lines, media_type
    from isgraph.ingest.office import OFFICE

    zf = _check_zip(path, data, "content.xml")
    root = _parse(path, zf.read("content.xml"), "ODP")
    pres = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}presentation")
    lines: list[str] = []
    headings: set[str] = set()
    style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    hidden = {st.get(f"{{{style}}}name") for st in root.iter(f"{{{style}}}style")
              if any(pp.get(f"{{{PRES}}}visibility") == "hidden"
                     for pp in st.iter(f"{{{style}}}drawing-page-properties"))}
    if pres is not None:
        for page in pres.iter(f"{{{DRAW}}}page"):
            if page.get(f"{{{DRAW}}}style-name") in hidden:
                continue
            title: list[str] = []
            body: list[str] = []
            _odp_shapes(page, title, body)  # (speaker notes are a presentation:notes child: never read)
            _slide(lines, headings, title[0] if title else "", body)
    return Converted(text=clean_lines(lines), media_type=media_type(path), headings=frozenset(headings))
