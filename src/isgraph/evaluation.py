"""Extraction quality against a hand-annotated gold standard (see tests/data/gold/README.md).

Each gold initiative is matched to the extracted initiative of the same file with the most overlapping line span;
then for each field the names are matched one-to-one with fuzzy matching (accents, case, articles, common French
abbreviations, rapidfuzz token ratios) and precision / recall / F1 are micro-averaged over matched initiatives.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rapidfuzz import fuzz
from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from isgraph.errors import InputError
from isgraph.namespaces import ISG, ROLE
from isgraph.normalize import fold
from isgraph.extract.common import organisation_type

FIELDS = ("porteurs", "financeurs", "partenaires", "territoires", "themes")
THRESHOLD = 85
GENERIC_ROLE_FIELDS = {ROLE.financeur: "financeurs", ROLE.partenaire: "partenaires"}

_ABBREVIATIONS = [  # folded abbreviation -> folded expansion (applied on whole words)
    ("pnr", "parc naturel regional"), ("cd", "departement"), ("cg", "departement"),
    ("conseil departemental", "departement"), ("conseil general", "departement"),
    ("cr", "region"), ("conseil regional", "region"), ("cc", "communaute de communes"), ("cu", "communaute urbaine"),
    ("ca", "communaute d agglomeration"), ("cda", "communaute d agglomeration"),
    ("agglo", "communaute d agglomeration"), ("ville", ""), ("mairie", ""), ("commune", ""),
    ("caf", "caisse d allocations familiales"), ("ccas", "centre communal d action sociale"),
    ("cias", "centre intercommunal d action sociale"), ("parc naturel regional", "parc"),
    ("asso", "association"), ("qpv", "quartiers prioritaires politique ville"),
    ("quartier prioritaire", "quartiers prioritaires"), ("quartiers", "quartier"),
]
_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux"}


def name_key(name: str) -> str:
    text = f" {fold(name)} "
    for short, long in _ABBREVIATIONS:
        text = text.replace(f" {short} ", f" {long} ")
    return " ".join(w for w in text.split() if w not in _STOP)


def similar(a: str, b: str) -> float:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    whole = fuzz.ratio(ka, kb)
    if min(len(ka), len(kb)) < 4:
        return whole
    ta, tb = set(ka.split()), set(kb.split())
    token_set = fuzz.token_set_ratio(ka, kb)
    only_a, only_b = ta - tb, tb - ta
    if only_a and only_b:
        # both names have words of their own ("CAF de l'Indre" / "CAF de l'Isère"): those words must agree too,
        # up to a typo ("Scarpe-Escout" / "Scarpe-Escaut")
        agree = fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b)))
        return token_set if agree >= 80 else token_set * agree / 100
    return max(token_set, whole)


def match_names(gold: list[str], found: list[list[str]]) -> tuple[int, list[str], list[str]]:
    """One-to-one matching. `found` items are lists of labels (an actor's label + alt labels).
    Returns (true positives, missed gold names, false hits)."""
    pairs = []
    for gi, g in enumerate(gold):
        for fi, labels in enumerate(found):
            score = max((similar(g, lab) for lab in labels), default=0)
            if score >= THRESHOLD:
                pairs.append((score, gi, fi))
    used_g, used_f = set(), set()
    for score, gi, fi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in used_g or fi in used_f:
            continue
        used_g.add(gi)
        used_f.add(fi)
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    false = [labels[0] for i, labels in enumerate(found) if i not in used_f]
    return len(used_g), missed, false


@dataclass
class Extracted:
    iri: str
    doc: str
    start: int
    end: int
    title: str
    fields: dict[str, list[list[str]]] = field(default_factory=dict)
    budget: Decimal | None = None
    generic_partners: set[str] = field(default_factory=set)


def _labels(g: Graph, node) -> list[str]:
    main = [str(o) for o in g.objects(node, RDFS.label)]
    return sorted(main) + sorted(str(o) for o in g.objects(node, SKOS.altLabel))


def extracted_initiatives(g: Graph) -> list[Extracted]:
    out = []
    for i in g.subjects(RDF.type, ISG.Initiative):
        doc = g.value(i, PROV.wasDerivedFrom)
        e = Extracted(str(i), str(g.value(doc, ISG.fichier)), int(g.value(i, ISG.ligneDebut)),
                      int(g.value(i, ISG.ligneFin)), str(g.value(i, RDFS.label)))
        for fname, prop in (("porteurs", ISG.porteur), ("financeurs", ISG.financePar),
                            ("partenaires", ISG.partenaire), ("territoires", ISG.territoire)):
            e.fields[fname] = [_labels(g, a) for a in sorted(g.objects(i, prop))]
        generic: dict[str, list[list[str]]] = {"financeurs": [], "partenaires": []}
        for r in sorted(g.objects(i, ISG.role)):
            mention = g.value(r, ISG.mentionGenerique)
            kind = GENERIC_ROLE_FIELDS.get(g.value(r, ISG.typeRole))
            if mention is not None and kind:
                generic[kind].append([str(mention)])
        # generic mentions ("Région" with no région, "Associations") are not actors, but the gold lists the generic
        # funders among "financeurs": they are scored with them; generic partners are scored in "partenaires",
        # where a gold "partenaires_generiques" entry they match does not count them as false hits
        e.fields["financeurs"] += generic["financeurs"]
        e.generic_partners = {m[0] for m in generic["partenaires"]}
        e.fields["partenaires"] += generic["partenaires"]
        e.fields["themes"] = [[str(g.value(t, SKOS.notation) or str(t).rsplit("/", 1)[-1])]
                              for t in sorted(g.objects(i, ISG.theme))]
        b = g.value(i, ISG.budget)
        e.budget = Decimal(str(b)) if b is not None else None
        out.append(e)
    return sorted(out, key=lambda e: (e.doc, e.start, e.iri))


def load_gold(directory: Path) -> list[dict]:
    directory = Path(directory)
    files = sorted(directory.glob("*.json"))
    if not files:
        raise InputError("no gold files (*.json)", path=directory)
    items = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg}", path=f, line=exc.lineno) from None
        items.extend(data)
    return items


def gold_names(item: dict, fname: str) -> list[str]:
    if fname == "financeurs":
        names = list(item.get("financeurs") or [])
        for imp in item.get("financeurs_implicites") or []:
            n = imp.get("nom") if isinstance(imp, dict) else imp
            # (an implicit funder listed again is not added twice; 'commune de Ploërmel' is not 'Ploërmel Communauté',
            # however alike the names: bodies of different kinds)
            if n and all(similar(n, x) < THRESHOLD or organisation_type(n) != organisation_type(x) for x in names):
                names.append(n)
        return names
    return list(item.get(fname) or [])


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    initiatives: Score
    fields: dict[str, Score]
    budget_correct: int
    budget_total: int
    details: list[str]

    @property
    def budget_accuracy(self) -> float:
        return self.budget_correct / self.budget_total if self.budget_total else 1.0

    def table(self) -> str:
        rows = [("field", "precision", "recall", "F1", "tp", "fp", "fn")]
        s = self.initiatives
        rows.append(("initiatives", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)))
        for name, s in self.fields.items():
            rows.append((name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        lines.append(f"budget exact (±1 %): {self.budget_accuracy:.3f} ({self.budget_correct}/{self.budget_total})")
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict:
        d = {"initiatives": {"precision": self.initiatives.precision, "recall": self.initiatives.recall}}
        for name, s in self.fields.items():
            d[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1}
        d["budget"] = self.budget_accuracy
        return d


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def evaluate(graph: Graph, gold: list[dict], documents: Iterable[str] = ()) -> Evaluation:
    """Score `graph` against `gold`. `documents`: files annotated in full, possibly with no initiative at all (a
    gold `[]`): every initiative extracted from them is in scope, so a false one counts as a false positive. Other
    files are scored only within their annotated lines (a dev split may annotate part of a file)."""
    found = extracted_initiatives(graph)
    by_doc: dict[str, list[Extracted]] = defaultdict(list)
    for e in found:
        by_doc[e.doc].append(e)
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for item in gold:
        gold_by_doc[item["doc"]].append(item)
    init = Score()
    fields = {f: Score() for f in FIELDS}
    details: list[str] = []
    b_ok = b_total = 0
    full = set(documents)
    for doc in sorted(set(gold_by_doc) | full):
        items = gold_by_doc.get(doc, [])
        candidates = by_doc.get(doc, [])
        if doc in full:
            in_scope = candidates
        else:
            lo = min(i["lines"][0] for i in items)
            hi = max(i["lines"][1] for i in items)
            in_scope = [e for e in candidates if lo <= e.start <= hi or lo <= e.end <= hi and e.start >= lo - 3]
        matched: set[str] = set()
        for item in sorted(items, key=lambda i: i["lines"][0]):
            span = tuple(item["lines"])
            best = max(candidates, key=lambda e: (_overlap(span, (e.start, e.end)), -abs(e.start - span[0])), default=None)
            if best is None or _overlap(span, (best.start, best.end)) == 0 or best.iri in matched:
                init.fn += 1
                details.append(f"MISSED initiative {doc}:{span[0]}-{span[1]} {item['title']!r}")
                continue
            matched.add(best.iri)
            init.tp += 1
            where = f"{doc}:{span[0]} {item['title'][:50]!r}"
            for fname in FIELDS:
                gnames = gold_names(item, fname)
                fvals = best.fields.get(fname, [])
                tp, missed, false = match_names(gnames, fvals)
                if fname == "partenaires":
                    generics = item.get("partenaires_generiques") or []
                    false = [x for x in false if x not in best.generic_partners
                             or not any(similar(x, gg) >= THRESHOLD for gg in generics)]
                s = fields[fname]
                s.tp += tp
                s.fn += len(missed)
                s.fp += len(false)
                details += [f"miss  {fname:<12} {where}: {m!r}" for m in missed]
                details += [f"false {fname:<12} {where}: {x!r}" for x in false]
            gb = item.get("budget_eur")
            if gb is not None or best.budget is not None:
                b_total += 1
                if gb is not None and best.budget is not None and abs(float(best.budget) - float(gb)) <= 0.01 * abs(float(gb)) + 1e-9:
                    b_ok += 1
                else:
                    details.append(f"budget {where}: gold {gb} extracted {best.budget}")
        for e in in_scope:
            if e.iri not in matched:
                init.fp += 1
                details.append(f"EXTRA initiative {doc}:{e.start}-{e.end} {e.title!r}")
    return Evaluation(init, fields, b_ok, b_total, details)

