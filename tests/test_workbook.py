"""OUT/isgraph.xlsx (issue 14): one sheet per table, labels first, " ; " lists, paired columns in the same order;
opened by LibreOffice headless. Also the CSV's paired columns."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from isgraph.bundle import TABLES, table_rows
from isgraph.workbook import WORKBOOK_FILE, workbook_bytes

SCALC = Path("/usr/lib/libreoffice/program/libsclo.so")
TITLE = "Accompagnement des acteurs vers une meilleure acccessibilité physique"


@pytest.fixture(scope="module")
def out(built):
    return built[1]


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_paired_columns_line_up(out):
    labels = {r["id"]: r["libelle"] for r in read_csv(out / "territoires.csv")}
    actors = {r["id"]: r["libelle"] for r in read_csv(out / "acteurs.csv")}
    rows = read_csv(out / "initiatives.csv")
    multi = [r for r in rows if ";" in r["territoires"]]
    assert multi
    for r in rows:
        iris = r["territoires"].split(";") if r["territoires"] else []
        names = r["territoires_libelles"].split(";") if r["territoires_libelles"] else []
        assert names == [labels[i] for i in iris], r["id"]
        iris = r["porteurs"].split(";") if r["porteurs"] else []
        names = r["porteurs_libelles"].split(";") if r["porteurs_libelles"] else []
        assert names == [actors[i] for i in iris], r["id"]


def test_initiatives_csv_names_its_funders(out):
    row = next(r for r in read_csv(out / "initiatives.csv") if r["libelle"] == TITLE)
    # the card's funders (see tests/data/gold/000_dev.json): four named bodies and "Europe", a generic mention
    assert row["nombre_financeurs"] == "4"
    assert row["financeurs_libelles"].split(";") == ["ENRx", "Jeunesse et sports", "ligue de voile",
                                                     "Syndicat Mixte de gestion du Parc"]
    assert row["financeurs_generiques"] == "Europe"


def test_workbook_sheets_and_determinism(out, seed_graph):
    data = (out / WORKBOOK_FILE).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        assert names == list(TABLES)
        # one fixed date on every entry (XlsxWriter's constant_memory mode stamps its temporary files 1980-01-31)
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    rows = table_rows(seed_graph)
    assert workbook_bytes(rows, seed_graph) == workbook_bytes(rows, seed_graph)
    sums = (out / "SHA256SUMS").read_text()
    assert f"  {WORKBOOK_FILE}\n" in sums


def _libreoffice_csv(xlsx: Path, tmp: Path) -> dict[str, list[list[str]]]:
    soffice = shutil.which("soffice")
    if soffice is None or not SCALC.exists():
        pytest.skip("LibreOffice Calc absent (Debian libreoffice-calc: scripts/install-servers.sh)")
    # 44 = comma, 34 = double quote, 76 = UTF-8, ..., -1 = every sheet to its own file
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    res = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                          target, "--outdir", str(tmp), str(xlsx)], capture_output=True, text=True, timeout=300)
    sheets = {}
    for name in TABLES:
        path = tmp / f"{xlsx.stem}-{name}.csv"
        assert path.exists(), f"LibreOffice did not write {path.name}: {res.stdout} {res.stderr}"
        sheets[name] = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return sheets


def test_workbook_opens_in_libreoffice(out, tmp_path):
    sheets = _libreoffice_csv(out / WORKBOOK_FILE, tmp_path)
    head, *rows = sheets["initiatives"]
    assert head[0] == "libellé" and head[-4:] == ["IRI", "territoires", "porteurs", "document"]
    assert len(rows) == len(read_csv(out / "initiatives.csv"))
    row = dict(zip(head, next(r for r in rows if r[0] == TITLE)))
    assert row["financeurs libellés"] == "ENRx ; Jeunesse et sports ; ligue de voile ; Syndicat Mixte de gestion du Parc"
    assert row["financeurs génériques"] == "Europe"
    # themes by their French labels, in the CSV's order (codes sorted)
    assert row["thèmes"] == "Handicap et accessibilité ; Mobilité et transport ; Personnes âgées ; Sport"
    assert row["nombre financeurs"] == "4"
    # paired columns line up in the workbook too
    terr_head, *terr_rows = sheets["territoires"]
    names = {r[terr_head.index("IRI")]: r[terr_head.index("libellé")] for r in terr_rows}
    for r in rows:
        d = dict(zip(head, r))
        if d["territoires"]:
            assert d["territoires libellés"].split(" ; ") == [names[i] for i in d["territoires"].split(" ; ")]
    act_head, *_ = sheets["acteurs"]
    assert act_head[:3] == ["libellé", "type acteur", "financeur"]


def test_workbook_left_out_when_a_table_exceeds_the_spreadsheet_row_limit(seed_graph, tmp_path, monkeypatch):
    """A sheet is never cut: when a table has more rows than a spreadsheet holds, the workbook is not written
    (nor listed in the catalogue) and the CSV files hold every row."""
    from isgraph import bundle, workbook

    rows = table_rows(seed_graph)
    biggest = max(len(r) for r in rows.values())
    monkeypatch.setattr(workbook, "EXCEL_MAX_ROWS", biggest)  # the largest table no longer fits
    written = bundle.write_tables(seed_graph, tmp_path)
    assert WORKBOOK_FILE not in written and not (tmp_path / WORKBOOK_FILE).exists()
    name = max(rows, key=lambda n: len(rows[n]))
    assert len(read_csv(tmp_path / f"{name}.csv")) == biggest
    monkeypatch.setattr(workbook, "EXCEL_MAX_ROWS", biggest + 1)
    assert WORKBOOK_FILE in bundle.write_tables(seed_graph, tmp_path / "again")
