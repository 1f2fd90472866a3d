import os

import pytest

from isgraph.documents import list_documents, read_document
from isgraph.errors import InputError


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_reads_utf8_and_counts_lines(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", "Première ligne\nDeuxième\n".encode()))
    assert doc.lines == ["Première ligne", "Deuxième"]
    assert doc.line(2) == "Deuxième" and len(doc.sha256) == 64 and doc.encoding == "utf-8"


def test_cp1252_is_detected_and_decoded(tmp_path):
    doc = read_document(write(tmp_path, "b.txt", "Région été — 5 000 €\n".encode("cp1252")))
    assert doc.encoding == "cp1252" and "Région été" in doc.text and "€" in doc.text


@pytest.mark.parametrize("data,needle", [
    (b"", "empty document"),
    (b"   \n\n", "empty document"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"hello\n\x00\x01\x02", "NUL"),
])
def test_bad_input_one_clear_error_naming_the_file(tmp_path, data, needle):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError) as exc:
        read_document(p)
    line = exc.value.one_line()
    assert "bad.txt" in line and needle in line and "\n" not in line


def test_too_large_file(tmp_path, monkeypatch):
    import isgraph.documents as d
    monkeypatch.setattr(d, "MAX_BYTES", 100)
    p = write(tmp_path, "big.txt", b"x" * 101)
    with pytest.raises(InputError, match="too large"):
        read_document(p)


def test_unreadable_file(tmp_path, monkeypatch):
    p = write(tmp_path, "secret.txt", b"text")
    p.chmod(0)
    if os.geteuid() == 0:  # root reads anything: simulate the OS refusal
        real_open = os.open

        def refuse(path, *args, **kwargs):
            if str(path).endswith("secret.txt"):
                raise PermissionError(13, "Permission denied")
            return real_open(path, *args, **kwargs)
        monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match="permission"):
        read_document(p)


def test_directory_without_documents(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="no documents"):
        list_documents(tmp_path)


def test_listing_is_sorted_and_ignores_hidden(tmp_path):
    for n in ["b.txt", "a.txt", ".hidden.txt", "c.png", "d.pdf"]:
        (tmp_path / n).write_text("x")
    assert [p.name for p in list_documents(tmp_path)] == ["a.txt", "b.txt", "d.pdf"]


@pytest.mark.parametrize("text", ["", "\n", "une ligne", "a\nb\n", "a\n\n", "\n\nfin", "é — ü\n\n\nx\n"])
def test_packed_lines_come_back_identical(tmp_path, text):
    from pathlib import Path

    from isgraph.documents import SourceDocument

    doc = SourceDocument("d.txt", Path("d.txt"), text, "0" * 64)
    lines = list(doc.lines)
    doc.pack()
    assert doc.lines == [] and doc.text_lines() == lines and doc.line_count == len(lines)
    doc.pack()  # twice: still the same lines
    assert doc.text_lines() == lines
