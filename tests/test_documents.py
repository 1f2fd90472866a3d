import os

import pytest

from isgraph.ingest.documents import list_documents, read_document
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
    import isgraph.ingest.documents as d
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

    from isgraph.ingest.documents import SourceDocument

    doc = SourceDocument("d.txt", Path("d.txt"), text, "0" * 64)
    lines = list(doc.lines)
    doc.pack()
    assert doc.lines == [] and doc.text_lines() == lines and doc.line_count == len(lines)
    doc.pack()  # twice: still the same lines
    assert doc.text_lines() == lines


def _seed_documents():
    from conftest import SEEDS
    from isgraph.ingest.documents import assign_keys
    from isgraph.pipeline import Skipped, extract_all

    items = [i for i in extract_all(list_documents(SEEDS), jobs=1) if not isinstance(i, Skipped)]
    assign_keys([i.document for i in items])
    persons = {p for i in items for r in i.records for p in r.personnes}
    return [i.document for i in items], persons


def _tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def small_is_big(monkeypatch):
    """The seeds' few documents written by another process all the same (below PARALLEL_LINES they are not)."""
    from isgraph.ingest import published

    monkeypatch.setattr(published, "PARALLEL_LINES", 0)


def test_a_few_documents_are_written_in_the_build_process(tmp_path):
    from isgraph.ingest.published import documents_writer

    docs, persons = _seed_documents()
    writer = documents_writer(docs, tmp_path, persons, parallel=True)
    assert writer.process is None and writer.wait() > 0


def test_documents_written_in_another_process_are_the_ones_written_here(tmp_path, small_is_big):
    """OUT/documents/ written by documents_writer's child process (spawned; a build with --jobs > 1) and in the build's own
    process (--jobs 1): same files, same masked-line count; contact names masked in both."""
    from isgraph.ingest.published import documents_writer, write_documents

    docs, persons = _seed_documents()
    assert persons
    writer = documents_writer(docs, tmp_path / "forked", persons, parallel=True)
    assert writer.process is not None  # forked
    forked = writer.wait()
    here = write_documents(docs, tmp_path / "here", persons)
    assert forked == here > 0
    a, b = _tree(tmp_path / "forked"), _tree(tmp_path / "here")
    assert a == b and len(a) >= len(docs)
    assert not any(name.encode() in text for text in a.values() for name in persons if len(name) > 6)


def test_documents_writer_raises_the_child_error_in_the_parent(tmp_path, small_is_big):
    from isgraph.ingest.published import documents_writer

    docs, persons = _seed_documents()
    blocked = tmp_path / "out"
    blocked.mkdir()
    (blocked / "documents").write_text("a file where the folder goes")
    writer = documents_writer(docs, blocked, persons, parallel=True)
    with pytest.raises(OSError):
        writer.wait()
    assert writer.process is None


def test_documents_writer_cancel_stops_the_child(tmp_path, small_is_big):
    from isgraph.ingest.published import documents_writer

    docs, persons = _seed_documents()
    writer = documents_writer(docs * 50, tmp_path, persons, parallel=True)
    process = writer.process
    writer.cancel()
    assert writer.process is None and not process.is_alive()
    writer.cancel()  # twice: nothing left to stop
