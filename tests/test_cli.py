"""CLI in-process with click's CliRunner: exit codes, one-line errors, outputs."""

import json

import pytest
from click.testing import CliRunner

from isgraph.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_help_has_examples(runner):
    for cmd in ["build", "validate", "query", "queries", "stats", "site", "serve"]:
        res = runner.invoke(main, [cmd, "--help"])
        assert res.exit_code == 0
        assert "Example" in res.output, cmd


def test_build_writes_outputs_and_summary(runner, seeds_copy, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(main, ["build", str(seeds_copy), "--out", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    for name in ["isgraph.ttl", "isgraph.nt", "isgraph.jsonld", "isgraph.context.jsonld", "report.txt"]:
        assert (out / name).stat().st_size > 0
    assert "initiatives:" in res.output and "SHACL: conforms" in res.output
    ctx_ref = json.loads((out / "isgraph.jsonld").read_text())["@context"]
    assert ctx_ref == "isgraph.context.jsonld"


def test_validate_exit_codes(runner, built, tmp_path):
    _, out = built
    assert runner.invoke(main, ["validate", str(out / "isgraph.ttl")]).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix isg: <https://w3id.org/isgraph/ontology#> .\n<http://x/i> a isg:Initiative .\n")
    res = runner.invoke(main, ["validate", str(bad)])
    assert res.exit_code == 1 and "Initiative" in res.output or "label" in res.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://x/a> <http://x/b> .\n")
    res = runner.invoke(main, ["validate", str(broken)])
    assert res.exit_code == 2 and "broken.ttl" in res.output and "Traceback" not in res.output


def test_query_formats(runner, built):
    _, out = built
    graph = str(out / "isgraph.ttl")
    table = runner.invoke(main, ["query", "financeurs-classement", "--graph", graph])
    assert table.exit_code == 0 and "financeur" in table.output and "lignes)" in table.output
    assert "https://" not in table.output and "act:" not in table.output  # labels, not IRIs
    csv_out = runner.invoke(main, ["query", "financeurs-classement", "--graph", graph, "-f", "csv"])
    assert csv_out.output.splitlines()[0].startswith("financeur,financeurLabel")
    js = json.loads(runner.invoke(main, ["query", "financeurs-classement", "--graph", graph, "-f", "json"]).output)
    assert js["head"]["vars"][0] == "financeur" and js["results"]["bindings"]


def test_query_errors_are_one_line(runner, built, tmp_path):
    _, out = built
    graph = str(out / "isgraph.ttl")
    res = runner.invoke(main, ["query", "nope", "--graph", graph])
    assert res.exit_code == 2 and "unknown query" in res.output
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x \n")
    res = runner.invoke(main, ["query", str(bad), "--graph", graph])
    assert res.exit_code == 2 and "bad.rq" in res.output
    res = runner.invoke(main, ["query", "initiatives-par-theme", "--graph", graph, "-p", "bad param"])
    assert res.exit_code == 2 and "--param" in res.output


def test_queries_lists_questions(runner):
    res = runner.invoke(main, ["queries"])
    assert res.exit_code == 0
    assert "financeurs-precarite-energetique" in res.output and "fr:" in res.output and "en:" in res.output


def test_stats(runner, built):
    _, out = built
    res = runner.invoke(main, ["stats", str(out / "isgraph.ttl")])
    assert res.exit_code == 0 and "isg:Initiative" in res.output and "isg:Financeur" in res.output


def test_bad_seed_directory(runner, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(main, ["build", str(empty), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "no documents" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "o").exists()


def test_failed_build_keeps_previous_output(runner, seeds_copy, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seeds_copy), "--out", str(out), "-j", "1"]).exit_code == 0
    before = (out / "isgraph.ttl").read_bytes()
    (seeds_copy / "zz_broken.txt").write_bytes(b"%PDF-1.4 binary")
    res = runner.invoke(main, ["build", str(seeds_copy), "--out", str(out), "-j", "1"])
    assert res.exit_code == 2 and "zz_broken.txt" in res.output
    assert (out / "isgraph.ttl").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmp")]
