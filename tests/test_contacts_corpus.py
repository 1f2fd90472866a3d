"""The corpus of French contact formats (tests/data/privacy/contacts.txt): every contact is found by the one set of
patterns (privacy.py) the extraction and the publication checks share, and no look-alike (amounts, dates, SIREN /
SIRET, postcodes, years, BP / CS / Cedex) is taken for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from isgraph import privacy
from isgraph.extract import common

CORPUS = Path(__file__).parent / "data" / "privacy" / "contacts.txt"


def cases():
    out = []
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        sign, text = line[0], line[2:]
        match = None
        if " => " in text:
            text, match = text.split(" => ", 1)
        out.append(pytest.param(sign == "+", text, match, id=f"line{n}"))
    return out


@pytest.mark.parametrize("personal,text,match", cases())
def test_contact_corpus(personal, text, match):
    assert common.has_contact(text) is personal, text
    found = [m.group(0) for m in privacy.EMAIL_RE.finditer(text)] + privacy.find_phones(text)
    published = privacy.leaks(text, set())
    if personal:
        if match is not None:
            assert match in found, (text, found)
            if "," not in match:  # commas separate CSV cells: the published-file check ignores them
                assert match in published, (text, published)
        stripped = common.strip_contacts(text)
        assert not common.has_contact(stripped), stripped
    else:
        assert found == [] and published == [], (text, found, published)
        if "http" not in text:  # (strip_contacts also removes URLs)
            assert common.strip_contacts(text) == text


def test_extraction_uses_the_privacy_patterns():
    assert common.EMAIL_RE is privacy.EMAIL_RE and common.PHONE_RE is privacy.PHONE_RE


@pytest.mark.parametrize("text,address", [("prenom.nom [at] domaine.fr", "prenom.nom@domaine.fr"),
                                          ("nom AT domaine DOT org", "nom@domaine.org"),
                                          ("nom [arobase] domaine [point] fr", "nom@domaine.fr"),
                                          ("lucie.julien＠pnr.fr", "lucie.julien@pnr.fr"),
                                          ("a.b@c.d", "a.b@c.d")])
def test_written_out_addresses_are_read_back(text, address):
    assert privacy.email_address(text) == address


@pytest.mark.parametrize("text", ["BP 123", "B.P. 45", "CS 40001", "TSA 70001", "BP 123 - 80000 Amiens Cedex 1",
                                  "80000 AMIENS CEDEX", "Lille Cedex 9"])
def test_postal_boxes_are_not_organisations(text):
    assert common.org_evidence(text) == 0


@pytest.mark.parametrize("text", ["CCAS de Lille", "CSF du Nord", "Mairie de Cedexville", "BPI France"])
def test_names_close_to_postal_boxes_stay_organisations(text):
    assert common.org_evidence(text) == 2


def test_email_hint_is_the_hint_pattern():
    """The substring shortcuts of email_hint answer as the full hint pattern, on the corpus and the seeds' lines."""
    texts = [p.values[1] for p in cases()]
    for path in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    for text in texts:
        assert privacy.email_hint(text) == (privacy.EMAIL_HINT_RE.search(text) is not None), text
