"""HTML -> text lines of the page's main content, without navigation, cookie banners, sharing links or footer.

The main content is the page's `<main>` (or `role="main"`), else its only `<article>`, else the element whose
id / class says content, else `<body>`; inside it, `<nav>`, `<aside>`, `<form>`, site `<header>` / `<footer>`,
ARIA landmarks other than main and elements whose class / id names chrome (html_chrome.txt) are dropped. The rule
was measured against trafilatura and jusText (BENCHMARKS.md, "Ingestion"): on seed-like pages it keeps every line of
the article (trafilatura favor_recall: 0.93, jusText drops short lines) with lxml alone.

Lines: one per heading, paragraph (and `<br>`), list item ("• ", or "1. " in an ordered list) and table row (cells
joined by " | ", a two-cell row whose first cell is a short label as "Label : value")."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from isgraph.errors import InputError


# (a figure's caption is a photo's: 'Les bénévoles à l'ouverture © Ville de X / P. Martin', no sentence of the text)
DROP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "textarea",
             "nav", "aside", "head", "title", "meta", "link", "object", "embed", "canvas", "map", "dialog",
             "figcaption"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
                "menubar", "toolbar"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
              "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "figure",
              "figcaption", "address", "hr", "details", "summary", "center", "fieldset", "caption"}
BLANK_AFTER = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "article",
               "section", "figure"}
CONTENT_WORDS = {"content", "contenu", "main", "article", "post", "entry", "page-content", "texte"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TOKEN = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def chrome_words() -> frozenset[str]:
    path = Path(__file__).with_name("html_chrome.txt")
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _tokens(el) -> set[str]:
    words = set()
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            low = value.lower()
            words.update(t for t in _TOKEN.split(low) if t)
            words.update(low.split())  # whole class names ("banner-cookie")
    return words


def _is_chrome(el, inside_article: bool) -> bool:
    tag = el.tag
    if tag in DROP_TAGS:
        return True
    if tag in ("header", "footer") and not inside_article:
        return True
    role = (el.get("role") or "").lower()
    if role in CHROME_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    words = _tokens(el) & chrome_words()
    if inside_article:  # an article's own header / footer (title, date, author) is content
        words -= {"header", "footer"}
    return bool(words)


def _main_root(body):
    for xp in ("//main", "//*[@role='main']"):
        found = body.xpath(xp)
        if found:
            return found[0]
    articles = body.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    if len(articles) > 1:  # a list of articles (laureates, news): their nearest common container
        common = articles[0].getparent()
        while common is not None and not all(common in a.iterancestors() for a in articles):
            common = common.getparent()
        return common if common is not None else body
    for el in body.iter("div", "section"):
        ident = {(el.get("id") or "").lower()} | set((el.get("class") or "").lower().split())
        if ident & CONTENT_WORDS:
            return el
    return _densest_block(body)


PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre"}


def _own_text(el) -> int:
    """Text length an element holds as paragraphs of its own (direct paragraph children and text nodes)."""
    n = len((el.text or "").strip())
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() in PARAGRAPH_TAGS:
            n += sum(len(t.strip()) for t in child.itertext())
        n += len((child.tail or "").strip())
    return n


def _densest_block(body):
    """A page without landmarks: the block holding most paragraph text of its own (the article column; the block of
    the page's only <h1> when it holds at least a quarter of that), widened
    to its parent while sibling blocks hold comparable text (a list of cards); <body> when no block holds at least
    a fifth of the page's text."""
    blocks = [el for el in body.iter("div", "section", "td") if isinstance(el.tag, str)]
    if not blocks:
        return body
    scores = {el: _own_text(el) for el in blocks}
    best = max(blocks, key=lambda el: scores[el])
    titles = body.xpath(".//h1")
    if len(titles) == 1:  # the page title's block is the article, unless it holds little text of its own
        owner = next((a for a in titles[0].iterancestors() if a in scores), None)
        if owner is not None and scores[owner] * 4 >= scores[best]:
            best = owner
    total = sum(len(t.strip()) for t in body.itertext())
    if not scores[best]:
        return body
    node = best
    while node.getparent() is not None and node.getparent() is not body:
        row = node.getparent() if node.tag == "td" else None
        table = row.getparent() if row is not None and row.tag == "tr" else None
        if table is not None and any(isinstance(h.tag, str) and h.tag.lower() in HEADING_TAGS
                                     for r in table if r is not row for h in r.iterdescendants()):
            # a layout table's cell whose other rows hold headings too (an e-mail's items, one row each): the
            # table holds the text (not an old page's layout, its menu and footer in the other rows)
            node = table.getparent() if table.tag in ("tbody", "thead", "tfoot") and table.getparent() is not None \
                else table
            continue
        siblings = [c for c in node.getparent() if c is not node and c in scores]
        if sum(1 for c in siblings if scores[c] >= 0.25 * scores[node]) == 0:
            break
        node = node.getparent()
    held = sum(len(t.strip()) for t in node.itertext())
    return node if held * 5 >= total else body


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.headings: set[str] = set()  # the text of each <h1>-<h6>, as its line reads
        self.spans: dict = {}  # <tr> -> its cells laid out with the table's rowspans / colspans (_spanned_rows)

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def flush(self) -> None:
        if self.buf:
            line = " ".join("".join(self.buf).split())
            self.buf = []
            if line:
                self.lines.append(line)

    def blank(self) -> None:
        self.flush()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _inline_text(el) -> str:
    return " ".join(" ".join(t for t in el.itertext() if t).split())


def row_line(cells: list[str]) -> str:
    """A table row as one line: "Label : value" for a short label and one value, else cells joined by " | "."""
    cells = [c for c in (" ".join(c.split()) for c in cells)]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) == 2 and cells[0] and len(cells[0]) <= 40:
        label = cells[0].rstrip()
        return f"{label} {cells[1]}" if label.endswith(":") else f"{label} : {cells[1]}"
    return " | ".join(cells)


def _walk(el, out: _Lines, inside_article: bool, depth: int = 0) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None:  # comment / processing instruction
        out.text(el.tail)
        return
    tag = tag.lower()
    if depth > 0 and _is_chrome(el, inside_article):
        out.text(el.tail)
        return
    inside_article = inside_article or tag in ("article", "main")
    if tag == "br":
        out.flush()
        out.text(el.tail)
        return
    if tag == "tr":
        out.flush()
        tds = [c for c in el if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if _layout_row(tds):  # an e-mail's or an old page's layout table: its cells hold the page's blocks
            for c in tds:
                _walk(c, out, inside_article, depth + 1)
                out.blank()
            out.text(el.tail)
            return
        cells = out.spans.get(el) if out.spans.get(el) is not None else [_inline_text(c) for c in tds]
        line = row_line(cells)
        if line:
            out.lines.append(line)
        out.text(el.tail)
        return
    if tag == "table":
        out.spans.update(_spanned_rows(el))
    if tag == "pre":
        out.flush()
        out.lines.extend(x.rstrip() for x in "".join(el.itertext()).split("\n"))
        out.blank()
        out.text(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        out.flush()
    if tag in HEADING_TAGS:
        heading = " ".join(_inline_text(el).split())
        if heading:
            out.headings.add(heading)
    if tag == "li":
        parent = el.getparent()
        if parent is not None and parent.tag == "ol":
            out.text(f"{[c for c in parent if c.tag == 'li'].index(el) + 1}. ")
        else:
            out.text("• ")
    out.text(el.text)
    for child in el:
        _walk(child, out, inside_article, depth + 1)
    if block:
        if tag in BLANK_AFTER:
            out.blank()
        else:
            out.flush()
    out.text(el.tail)


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LAYOUT_INNER = HEADING_TAGS | {"table"}


MAX_SPAN = 50  # a rowspan / colspan larger than this is a page's layout, not a table's cell


def _spanned_rows(table) -> dict:
    """The cells of a table's rows with their spans laid out ({tr: cell texts}, only for a table with spans): a
    cell of 'rowspan="3"' (a category over three laureates) gives its text to the rows below in its column, a header
    cell's ('<th rowspan="2">') an empty cell there; the columns a 'colspan' covers after its first are empty, so
    that every row's cells stand in their header's columns. Rows of nested tables are left to those tables."""
    rows = [tr for tr in table.iter("tr") if next((a for a in tr.iterancestors("table")), None) is table]
    if not any(c.get("rowspan") or c.get("colspan") for tr in rows for c in tr if isinstance(c.tag, str)):
        return {}
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    out = {}
    for tr in rows:
        cells: list[str] = []
        col = 0
        for c in (c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")):
            while col in pending:
                cells.append(_take(pending, col))
                col += 1
            text = _inline_text(c)
            rowspan, colspan = (min(MAX_SPAN, _span(c.get(a))) for a in ("rowspan", "colspan"))
            for k in range(colspan):
                cells.append(text if k == 0 else "")
                if rowspan > 1:
                    pending[col] = ("" if k or c.tag.lower() == "th" else text, rowspan - 1)
                col += 1
        while col in pending or any(k > col for k in pending):
            cells.append(_take(pending, col) if col in pending else "")
            col += 1
        out[tr] = cells
    return out


def _take(pending: dict, col: int) -> str:
    text, left = pending[col]
    if left <= 1:
        del pending[col]
    else:
        pending[col] = (text, left - 1)
    return text


def _span(value) -> int:
    try:
        return max(1, int(str(value).strip() or 1))
    except ValueError:
        return 1


def _layout_row(cells: list) -> bool:
    """A table row that lays out a page rather than holding data: a cell holds a heading or a table of its own, or
    the row's one cell holds paragraphs or lists (a newsletter's '<tr><td><h2>…</h2><p>…</p></td></tr>'). (A data
    cell's text wrapped in one '<p>', as word processors write it, is no layout.)"""
    for c in cells:
        if any(isinstance(d.tag, str) and d.tag.lower() in _LAYOUT_INNER for d in c.iterdescendants()):
            return True
    if len(cells) == 1:
        blocks = [d for d in cells[0] if isinstance(d.tag, str) and d.tag.lower() in ("p", "ul", "ol", "div")]
        return len(blocks) >= 2
    return False
MAX_DEPTH = 600  # nesting deeper than this (no real page) is refused rather than read partly


def html_lines(markup: str, headings: set[str] | None = None) -> list[str]:
    """The page's content lines; `headings`, when given, receives the text of its heading lines (<h1>-<h6>): a
    heading is a line like any other in the text, the extractors are told which lines are headings by their text
    (isgraph.extract.blocks.clean_lines), as for a Markdown '## ' line."""
    from lxml import etree, html

    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    try:  # huge_tree: libxml2 would otherwise drop every element nested deeper than 256
        doc = html.document_fromstring(markup, parser=html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return []
    if _depth(doc) > MAX_DEPTH:
        raise ValueError(f"elements nested more than {MAX_DEPTH} deep")
    body = doc.find("body")
    if body is None:
        body = doc
    root = _main_root(body)
    out = _Lines()
    _walk(root, out, root.tag in ("article", "main"))
    out.flush()
    if headings is not None:
        headings.update(out.headings)
    return out.lines


def _depth(root) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        if d <= MAX_DEPTH:
            stack.extend((c, d + 1) for c in el)
    return deepest


def read_html(path: Path, data: bytes):
    from isgraph.ingest import Converted, clean_lines
    from isgraph.ingest.text import decode_markup

    from isgraph.ingest.text import check_not_binary

    check_not_binary(data, path)
    m = _CHARSET.search(data[:4096])
    markup = decode_markup(data, m.group(1).decode("ascii") if m else None, path)
    headings: set[str] = set()
    try:
        lines = html_lines(markup, headings)
    except ValueError as exc:
        raise InputError(f"not a readable HTML page ({exc})", path=path) from None
    return Converted(text=clean_lines(lines, max_blank=1), media_type="text/html", headings=frozenset(headings))
