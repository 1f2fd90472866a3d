"""Measure the reading of tables as files (.csv, .xlsx, .ods, .json) and a full build of them (see BENCHMARKS.md,
"Tables").

A synthetic SCDL grants file ('données essentielles des conventions de subvention', invented bodies and amounts,
SIRETs with valid check digits) of N rows is written as CSV (';', cp1252), XLSX (XlsxWriter), ODS (written here)
and JSON (an OpenDataSoft export: lower-case field names, numbers as numbers); each is read by `isgraph.ingest.documents.read_document` (best of 3), extracted (`registry.extract`),
and the CSV built in full (`isgraph build --site never`, wall time and the initiatives / funded roles found).

    python bench/ingest_tables.py [--rows 5000] [--work /tmp/isgraph-tables-bench]
"""

from __future__ import annotations

import argparse
import html
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HEADER = ["nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
          "objet", "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
          "pourcentageSubvention"]
OBJECTS = ["Aide au fonctionnement", "Atelier de réparation de vélos", "Épicerie solidaire : achat d'une chambre froide",
           "Lutte contre la précarité énergétique : visites à domicile", "Jardin partagé du quartier",
           "Accompagnement numérique des seniors", "Transport solidaire à la demande"]
KINDS = ["ASSOCIATION", "SCIC", "CCAS DE", "ÉPICERIE SOLIDAIRE", "RÉGIE DE QUARTIER"]


def _luhn_digit(digits: str) -> str:
    for d in "0123456789":
        total = 0
        for k, c in enumerate(reversed(digits + d)):
            v = int(c) * (2 if k % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return d
    raise AssertionError


def siret(rng: random.Random) -> str:
    siren = str(rng.randrange(10**7, 10**8))
    siren += _luhn_digit(siren)
    nic = f"{rng.randrange(1, 9999):04d}"
    return siren + nic + _luhn_digit(siren + nic)


def rows(n: int, seed: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    body = siret(rng)
    out = []
    for i in range(n):
        name = f"{rng.choice(KINDS)} LES AMIS DU QUARTIER {i}"
        out.append(["VILLE DE PLOUMAGOAR", body, f"2024-{rng.randrange(1, 13):02d}-15", f"DCM 2024-{i % 90}", name,
                    siret(rng), rng.choice(OBJECTS), f"{rng.randrange(5, 400) * 100}", "aide en numéraire", "unique",
                    "2024-06-30", "", "non", "1"])
    return out


def write_csv(path: Path, data: list[list[str]]) -> None:
    path.write_bytes(("\r\n".join(";".join(r) for r in [HEADER] + data) + "\r\n").encode("cp1252"))


def write_xlsx(path: Path, data: list[list[str]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Subventions")
    ws.write_row(0, 0, HEADER)
    for k, r in enumerate(data, start=1):
        ws.write_row(k, 0, [int(c) if c.isdigit() and j == 7 else c for j, c in enumerate(r)])
    wb.close()


def write_ods(path: Path, data: list[list[str]]) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    def row(cells):
        return "<table:table-row>" + "".join(f"<table:table-cell><text:p>{html.escape(c)}</text:p></table:table-cell>"
                                             for c in cells) + "</table:table-row>"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3"><office:body>'
               f'<office:spreadsheet><table:table table:name="Subventions">{row(HEADER)}'
               + "".join(row(r) for r in data) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)


def write_json(path: Path, data: list[list[str]]) -> None:
    import json

    records = [{h.lower(): (int(c) if j == 7 else c or None) for j, (h, c) in enumerate(zip(HEADER, r))} for r in data]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/isgraph-tables-bench"))
    args = ap.parse_args(argv)
    from isgraph.extract import registry
    from isgraph.ingest.documents import read_document

    shutil.rmtree(args.work, ignore_errors=True)
    (args.work / "docs").mkdir(parents=True)
    data = rows(args.rows)
    paths = {"csv": args.work / "docs" / "subventions.csv", "xlsx": args.work / "subventions.xlsx",
             "ods": args.work / "subventions.ods", "json": args.work / "subventions.json"}
    write_csv(paths["csv"], data)
    write_xlsx(paths["xlsx"], data)
    write_ods(paths["ods"], data)
    write_json(paths["json"], data)
    print(f"{args.rows} rows")
    for fmt, path in paths.items():
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            doc = read_document(path)
            best = min(best, time.perf_counter() - t)
        t = time.perf_counter()
        _, recs = registry.extract(doc)
        ext = time.perf_counter() - t
        funded = sum(1 for r in recs if r.financements and r.financements[0].amount is not None)
        print(f"{fmt:5} read {best:6.2f} s · extract {ext:6.2f} s · {len(recs)} initiatives, {funded} with the "
              f"attributing body's amount, {sum(1 for r in recs if r.sirens)} with SIRENs · {path.stat().st_size:,} bytes")
    out = args.work / "out"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "isgraph.cli", "build", str(args.work / "docs"), "--out", str(out),
                    "--site", "never", "--no-cache"], check=True, stdout=subprocess.DEVNULL)
    print(f"build (csv) {time.perf_counter() - t:.1f} s wall · {sum(1 for _ in open(out / 'isgraph.nt')):,} triples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
