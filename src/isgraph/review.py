"""`isgraph review`: the weakest extractions of a built graph, for a person to check in the source documents.

Every finding names the source file and line (``isg:ligne`` of the role, ``isg:ligneDebut`` of the initiative),
the initiative and what looks wrong. Checks are generic (language and shape of the text, the vocabularies of
``src/isgraph/data/``), never about a particular document:

- ``mention-generique``: a funder / partner written as a category ("Associations", "la Région" with no région
  named), kept on its Role node (``isg:mentionGenerique``), not as an actor;
- ``organisme-non-localise``: a territorial body named by its acronym alone ("CAF", "ARS") that the initiative's
  places could not locate;
- ``pas-un-organisme``: a partner / funder name that does not look like an organisation (lower case, no proper
  name, no organisation type: "promotion écoconstruction", "espace info énergie" written as a topic);
- ``nom-coupe``: a name cut by the layout (a stray letter before it: "s Unités territoriales…", unbalanced
  brackets or quotes, a function word at its end);
- ``titre-long``, ``titre-inacheve``, ``titre-phrase``: titles that are very long, end in the middle of a phrase
  ("… de la", an opened « without »), or are a sentence ("Le Parc … a réalisé …");
- ``sans-porteur``: an initiative with no porteur;
- ``financeur-sans-montant``: a funder role with no amount stated.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS

from isgraph import paths
from isgraph.namespaces import ISG, ROLE
from isgraph.normalize import fold

FUNCTION_WORDS_FILE = paths.FUNCTION_WORDS_FILE

# code -> (weight: 1 = most worth checking, French description)
KINDS: dict[str, tuple[int, str]] = {
    "titre-phrase": (1, "le titre est une phrase ou un fragment de phrase"),
    "titre-inacheve": (1, "le titre s'arrête au milieu d'une expression"),
    "nom-coupe": (1, "nom coupé par la mise en page"),
    "pas-un-organisme": (1, "ce nom ne ressemble pas à celui d'une organisation"),
    "sans-porteur": (1, "initiative sans porteur"),
    "mention-generique": (2, "nom générique : une catégorie, pas un acteur identifié"),
    "organisme-non-localise": (2, "organisme nommé par son sigle seul, territoire inconnu"),
    "titre-long": (2, "titre très long"),
    "financeur-sans-montant": (3, "financeur sans montant"),
}
LONG_TITLE_CHARS = 90
LONG_TITLE_WORDS = 14
_ROLE_NAMES = {ROLE.porteur: "porteur", ROLE.partenaire: "partenaire", ROLE.financeur: "financeur"}
# a finite verb form after a subject: auxiliary + past participle ("a réalisé", "ont accompagné", "est devenu")
_SENTENCE = re.compile(r"\b(?:a|ont|est|sont|avait|avaient)\s+(?:été\s+)?\w+(?:é|ée|és|ées|i|is|it|u|us|ert|erts)\b",
                       re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    from isgraph.extract.common import read_word_list

    return frozenset(fold(w).rstrip("'") for w in read_word_list(FUNCTION_WORDS_FILE))


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W_]+['’]?", text.rstrip(" .,;:!?…-–"))
    return fold(words[-1]).rstrip("'’ ") if words else ""


def _unbalanced(text: str) -> bool:
    return (text.count("«") != text.count("»") or text.count("(") != text.count(")")
            or text.count("“") != text.count("”") or text.count('"') % 2 == 1)


def title_problems(title: str) -> list[str]:
    """Kinds of problem of an initiative title (empty when it looks like a title)."""
    out = []
    words = _WORD.findall(title)
    if _SENTENCE.search(title) or (title.rstrip().endswith(".") and len(words) >= 6
                                   and not title.rstrip().endswith(("etc.", "...", "…"))):
        out.append("titre-phrase")
    if _unbalanced(title) or _last_word(title) in function_words() or title.rstrip().endswith((",", ";", ":", "-")):
        out.append("titre-inacheve")
    if len(title) > LONG_TITLE_CHARS or len(words) > LONG_TITLE_WORDS:
        out.append("titre-long")
    return out


def name_problems(name: str) -> list[str]:
    """Kinds of problem of an actor name as published."""
    from isgraph.resolve.actors import territorial_bodies
    from isgraph.extract.common import is_acronym, is_generic, organisation_type

    out = []
    stripped = name.strip()
    if re.match(r"^[a-zà-ÿ]\s", stripped) or _unbalanced(stripped) or _last_word(stripped) in function_words():
        out.append("nom-coupe")
    key = fold(stripped)
    if any(key in body.names for body in territorial_bodies()):
        out.append("organisme-non-localise")
    words = stripped.split()
    if (stripped[:1].islower() and organisation_type(stripped) is None and not is_generic(stripped)
            and not any(w[:1].isupper() or w[:1].isdigit() or is_acronym(w) for w in words[1:])):
        out.append("pas-un-organisme")
    return out


@dataclass(frozen=True)
class Finding:
    kind: str
    file: str
    line: int
    initiative: str
    detail: str

    @property
    def weight(self) -> int:
        return KINDS[self.kind][0]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def review(graph: Graph) -> list[Finding]:
    """Findings of a graph, most worth checking first (then by file and line)."""
    found: list[Finding] = []
    for ini in set(graph.subjects(RDF.type, ISG.Initiative)):
        title = str(graph.value(ini, RDFS.label) or "")
        doc = graph.value(ini, PROV.wasDerivedFrom)
        file = str(graph.value(doc, ISG.fichier) or "") if doc is not None else ""
        start = int(graph.value(ini, ISG.ligneDebut) or 0)
        for kind in title_problems(title):
            found.append(Finding(kind, file, start, title, f"titre de {len(title)} caractères"))
        if graph.value(ini, ISG.porteur) is None:
            found.append(Finding("sans-porteur", file, start, title, "aucun porteur extrait"))
        for role in graph.objects(ini, ISG.role):
            rtype = _ROLE_NAMES.get(graph.value(role, ISG.typeRole))
            if rtype is None:
                continue
            line = int(graph.value(role, ISG.ligne) or start)
            mention = graph.value(role, ISG.mentionGenerique)
            actor = graph.value(role, ISG.acteur)
            name = str(mention) if mention is not None else str(graph.value(actor, RDFS.label) or "")
            if mention is not None:
                found.append(Finding("mention-generique", file, line, title, f"{rtype} « {name} »"))
            elif actor is not None:
                for kind in name_problems(name):
                    found.append(Finding(kind, file, line, title, f"{rtype} « {name} »"))
            if rtype == "financeur" and graph.value(role, ISG.montant) is None:
                found.append(Finding("financeur-sans-montant", file, line, title, f"« {name} »"))
    return sorted(set(found), key=lambda f: (f.weight, f.file, f.line, f.kind, f.detail))


def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(["fichier", "ligne", "probleme", "initiative", "detail"])
        for f in findings:
            w.writerow([f.file, f.line, f.kind, f.initiative, f.detail])
        return buf.getvalue()
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    lines = [f"{len(findings)} points à vérifier :"]
    lines += [f"  {counts[k]:4d}  {k}  ({KINDS[k][1]})" for k in KINDS if k in counts]
    lines.append("")
    width = max((len(f.where) for f in findings), default=0)
    for f in findings:
        lines.append(f"{f.where.ljust(width)}  {f.kind:<22}  {f.detail}  — {f.initiative[:60]}")
    return "\n".join(lines) + "\n"
