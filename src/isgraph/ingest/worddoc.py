"""Word 97-2003 documents (`.doc`) -> text lines, read with olefile and the format's piece table ([MS-DOC]).

Many communes, associations and networks still keep their council minutes, activity reports and project sheets
as `.doc`. The file is an OLE compound file: its `WordDocument` stream opens with the FIB, which gives the length
of the main text (`ccpText`) and where the piece table (`Clx`) is in the table stream (`0Table` / `1Table`); each
piece is a run of the text stored as cp1252 bytes or UTF-16. The main text is read in order — footnotes, headers,
footers, comments and text boxes (stored after it) left out —, one line per paragraph or manual line break, a
table one line per row (cells joined by " | ", `html.row_line`), fields by their result (a date, a page number),
never their code. Word 6 / 95 files (another layout) and encrypted files are skipped with the reason.

What a piece table does not say is left out too: heading styles (a heading is a line like any other) and list
numbers; a row's empty cell between two others ends the row early (the row mark and an empty cell are the same
character in the text: telling them apart needs each paragraph's properties)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from isgraph.errors import InputError

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file
MAX_CHARS = 20_000_000
# characters of the text stream that are marks, not text: picture / object anchors, footnote and comment
# references, optional hyphen; the others are mapped below
_DROP = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_MAP = {0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x1E: "-", 0xA0: " ", 0x09: " "}


def read_doc(path: Path, data: bytes):
    from isgraph.ingest import Converted, NoTextError, clean_lines, media_type

    if not data.startswith(_MAGIC):
        raise InputError("not a readable DOC file (no Word 97-2003 document inside; a .docx or .rtf renamed?)",
                         path=path)
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and its own errors on broken files
        raise InputError(f"not a readable DOC file ({type(exc).__name__})", path=path) from None
    try:
        if not ole.exists("WordDocument"):
            raise InputError("not a readable DOC file (no WordDocument stream: another Office file renamed?)",
                             path=path)
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x1AA or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
            raise InputError("not a readable DOC file (no Word file information block)", path=path)
        nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:
            raise NoTextError("encrypted Word document (password-protected); its text cannot be read", path=path)
        if nfib < 101:
            raise NoTextError("Word 6 / 95 document, not read: save it as .docx", path=path)
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise InputError(f"not a readable DOC file (no {table_name} stream)", path=path)
        table = ole.openstream(table_name).read()
    except (OSError, struct.error) as exc:
        raise InputError(f"not a readable DOC file ({type(exc).__name__})", path=path) from None
    finally:
        ole.close()
    text = _main_text(path, word, table)
    return Converted(text=clean_lines(_lines(text)), media_type=media_type(path))


def _main_text(path: Path, word: bytes, table: bytes) -> str:
    """The main document's characters, from the piece table."""
    try:
        csw = struct.unpack_from("<H", word, 32)[0]
        lw = 34 + csw * 2  # cslw, then fibRgLw
        cslw = struct.unpack_from("<H", word, lw)[0]
        ccp_text = struct.unpack_from("<i", word, lw + 2 + 3 * 4)[0]
        blob = lw + 2 + cslw * 4 + 2  # fibRgFcLcbBlob, after cbRgFcLcb
        fc_clx, lcb_clx = struct.unpack_from("<II", word, blob + 33 * 8)
    except struct.error:
        raise InputError("not a readable DOC file (short file information block)", path=path) from None
    if not 0 <= ccp_text <= MAX_CHARS or fc_clx + lcb_clx > len(table) or lcb_clx == 0:
        raise InputError("not a readable DOC file (no piece table)", path=path)
    clx = table[fc_clx : fc_clx + lcb_clx]
    k = 0
    while k < len(clx) and clx[k] == 0x01:  # Prc: formatting, skipped
        k += 3 + struct.unpack_from("<h", clx, k + 1)[0]
    if k >= len(clx) or clx[k] != 0x02:
        raise InputError("not a readable DOC file (no piece table)", path=path)
    lcb = struct.unpack_from("<I", clx, k + 1)[0]
    plc = clx[k + 5 : k + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise InputError("not a readable DOC file (empty piece table)", path=path)
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    parts: list[str] = []
    for i in range(n):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= ccp_text:
            break
        if end <= start:
            continue
        fc_compressed = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        fc = fc_compressed & 0x3FFFFFFF
        count = end - start
        if fc_compressed & 0x40000000:  # 8-bit characters, at half the offset
            chunk = word[fc // 2 : fc // 2 + count]
            parts.append(chunk.decode("cp1252", errors="replace"))
        else:
            chunk = word[fc : fc + 2 * count]
            parts.append(chunk.decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _fields_resolved(text: str) -> str:
    """Fields (0x13 code 0x14 result 0x15) as their result: 'PAGE', 'HYPERLINK "…"', 'DATE \\@ …' never read."""
    if "\x13" not in text:
        return text
    out: list[str] = []
    stack: list[bool] = []  # per open field: inside its code (True) or its result (False)
    for ch in text:
        if ch == "\x13":
            stack.append(True)
        elif ch == "\x14":
            if stack:
                stack[-1] = False
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif not any(stack):
            out.append(ch)
    return "".join(out)


def _lines(text: str) -> list[str]:
    from isgraph.ingest.html import row_line

    text = _fields_resolved(text).translate(_DROP)
    lines: list[str] = []
    line: list[str] = []
    cells: list[str] = []  # the cells of the table row being read
    after_cell = False
    for ch in text:
        code = ord(ch)
        if ch == "\x07":  # a cell's end, or (right after one) the row's end
            if after_cell and not line:
                if cells:
                    lines.append(row_line(cells))
                cells, after_cell = [], False
            else:
                cells.append(" ".join("".join(line).split()))
                line, after_cell = [], True
            continue
        after_cell = False
        if ch == "\r":
            if cells:  # a cell of several paragraphs: one cell
                line.append(" ")
            else:
                lines.append("".join(line))
                line = []
        elif code in _MAP:
            if _MAP[code] == "\n" and not cells:
                lines.append("".join(line))
                line = []
            else:
                line.append(" " if _MAP[code] == "\n" else _MAP[code])
        else:
            line.append(ch)
    if cells:
        lines.append(row_line(cells + ([" ".join("".join(line).split())] if line else [])))
    elif line:
        lines.append("".join(line))
    return [" ".join(ln.split()) if " | " not in ln else ln for ln in lines]
