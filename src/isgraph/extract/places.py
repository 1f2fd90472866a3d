"""Places of a block of text for the generic reader (`isgraph.extract.generique`): the gazetteer's own reading
(`territories.find_places`) completed by lists in parentheses ('(Felletin, Creuse)', 'Épinac (Saône-et-Loire)'),
quartiers as written, places in capitals or standing alone between separators ('EN BREF – VAL-DE-REUIL'), and small
communes after 'à', 'de', 'et' when they lie in a département the document already names.
"""

from __future__ import annotations

import re

from isgraph.normalize import clean_text, fold
from isgraph.extract.orgfinder import title_case


def territory_label(name: str) -> str | None:
    """The territory a collectivity actor governs ('Ville de Beauvais' -> 'Beauvais'), from the gazetteer."""
    from isgraph.resolve.actors import clean_actor_name, resolve_name

    try:
        res = resolve_name(clean_actor_name(name))
    except Exception:  # pragma: no cover - a name the resolver cannot read
        return None
    t = res.territory
    if t is None:
        return None
    return _as_read_again(t.label, t.iri_slug) if t.kind == "commune" else t.label  # ('CCAS de Vitré': 'Vitré (Ille-et-Vilaine)')


_SMALL_PLACE = re.compile(r"(?:(?<=\W)|^)(?P<cue>à|À|A|de|d['’]|et|en|En|sur|vers|dont|,)\s*(?P<name>(?:Le |La |Les |L['’])?"
                          r"[A-ZÉÈÀÂÎÔ][\w'’]*(?:-[\w'’]+)*)")


def _commune_of(before: str | None, area) -> bool:
    """Whether the words before a bracketed place end on a commune of that département or région ('Tulle
    (Corrèze)': the brackets locate Tulle, they name the département, not the commune Corrèze)."""
    from isgraph.resolve import territories

    if not before:
        return False
    words = before.split()
    for k in range(len(words)):
        name = " ".join(words[k:])
        if not name[:1].isupper():
            continue
        for c in territories.load_gazetteer().communes_named(name):
            if area.iri_slug in {f"departement-{d}" for d in c.departements} | {f"region-{r}" for r in c.regions}:
                return True
    return False


def block_places(text: str, exclude: list[tuple[int, int]], context_names: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """Places of the gazetteer named in the text (outside the `exclude` spans), one per territory. Besides the
    gazetteer's own reading (`territories.find_places`): a list of places in parentheses ('(Felletin, Creuse)'),
    and small communes after 'à', 'de', 'et' ('de Lignières et de Châteaumeillant') when they lie in a
    département the text already names."""
    from isgraph.resolve import territories

    out: list[tuple[str, int, str]] = []
    try:
        first = territories.find_places(text)
    except Exception:  # pragma: no cover
        return []
    found = [(p.text, p.start, p.territory.iri_slug) for p in first]
    hinted = [t for t in (territories.resolve(n, None, allow_lieu=False) for n in context_names) if t is not None]
    # the départements and régions the context names itself (not those of its communes, read without context)
    around = territories.ResolveContext.from_territories([t for t in hinted if t.kind in ("departement", "region")])
    overridden: dict[int, str] = {}  # position -> the commune read there in place of a département
    for m in re.finditer(r"(?:(?P<before>[A-ZÉÈÀÂÎÔ][\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+)?\(([^()]{2,80})\)", text):
        parts = [x.strip() for x in re.split(r",|\s+[–-]\s+", m.group(2))]
        if len(parts) == 1 and territories.body_acronym(text, m.start(2), m.end(2)):
            continue  # 'l'association Atelier du Réemploi Artésien (ARA)': the body's acronym, not a région
        written = list(parts)
        resolved = [territories.resolve(x, None, allow_lieu=False) if x and not x.isdigit() else None for x in parts]
        if len(parts) == 1 and resolved[0] is not None and resolved[0].kind in ("departement", "region") \
                and around.departements and not _commune_of(m.group("before"), resolved[0]):
            # 'L'association X (Vienne)' under a heading 'Dans l'Isère': the commune of that name in the
            # département the context names, not the département Vienne
            local = [c for c in territories.load_gazetteer().communes_named(parts[0])
                     if set(c.departements) & set(around.departements)]
            dep = territories.get(f"departement-{local[0].departements[0]}") if len(local) == 1 else None
            if dep is not None:  # written with its département, so that the graph reads the same commune
                resolved, written = local, [f"{parts[0]} ({dep.label})"]
                overridden[text.find(parts[0], m.start(2))] = local[0].iri_slug
        ctx = territories.ResolveContext.from_territories(resolved)
        if not any(resolved) and around.departements:  # '(Langon)' on the CAF de la Gironde's page: that one
            ctx = around
        resolved = [r or (territories.resolve(x, ctx, allow_lieu=False) if x and not x.isdigit() and ctx else None)
                    for x, r in zip(parts, resolved)]
        if parts and all(r is not None for r in resolved):
            pos = m.start(2)
            for x, w, r in zip(parts, written, resolved):
                found.append((w, text.find(x, pos), r.iri_slug))
            # 'Épinac (Saône-et-Loire)': the place the parentheses locate
            if m.group("before") and all(r.kind in ("departement", "region") for r in resolved):
                words = m.group("before").split()
                for k in range(len(words)):
                    name = " ".join(words[k:])
                    t = territories.resolve(name, ctx, allow_lieu=False) if name[:1].isupper() else None
                    if t is not None and t.kind == "commune":
                        found.append((name, m.start("before") + m.group("before").find(name), t.iri_slug))
                        break
    found = [f for f in found if overridden.get(f[1], f[2]) == f[2]]
    if len(set(around.departements)) == 1:
        # 'à Valence' on a page about Tarn-et-Garonne: the Valence of that département, not the most populous one
        # (only when the context names one département: a national palmarès names many)
        for k, (name, pos, slug) in enumerate(found):
            t = territories.get(slug)
            if t is None or t.kind != "commune" or set(t.departements) & set(around.departements):
                continue
            local = [c for c in territories.load_gazetteer().communes_named(name)
                     if set(c.departements) & set(around.departements)]
            dep = territories.get(f"departement-{local[0].departements[0]}") if len(local) == 1 else None
            if dep is not None:
                found[k] = (f"{name} ({dep.label})", pos, local[0].iri_slug)
    known = [p.territory for p in first] + hinted
    context = territories.ResolveContext.from_territories(known)
    if context.departements:
        taken = {pos for _, pos, _ in found}
        for m in _SMALL_PLACE.finditer(text):
            name, pos = m.group("name"), m.start("name")
            if pos in taken or any(s <= pos < e for s, e in exclude) or any(a <= pos < a + len(n) for n, a, _ in found):
                continue
            if territories.after_area_word(text, pos):
                continue  # 'la Ressourcerie du Val de Saône': a valley, not the commune
            t = territories.resolve(name, context, allow_lieu=False)
            if t is not None and t.kind == "commune" and set(t.departements) & set(context.departements):
                found.append((name, pos, t.iri_slug))
    from isgraph.extract.prose import _PLACE_WORD, _QUARTIER_RE  # (the quartier pattern of prose.find_places_in_text)

    more = re.compile(rf"\s*(?:,|et)\s+(?:(?:de\s+la|du|des|de\s+l['’]|de|d['’])\s*)(?P<y>{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD})*)")
    for m in _QUARTIER_RE.finditer(text):  # 'le quartier de Méan-Penhoët', 'quartier Belencontre': kept as written
        name = clean_text(m.group("name"))
        if name.lower().startswith("quartier") and len(name.split()) <= 6 and re.search(r"[\s'’][A-ZÉÈÀÂÎÔ0-9]", name):
            # (a district named: not 'trois quartiers prioritaires', districts of no name)
            found.append((name, m.start("name"), "quartier:" + fold(name)))
            end = m.end()
            # 'les quartiers des Mesnils Pasteur et de la Bedugue': each district of the list
            # (not 'les quartiers prioritaires de Roubaix et de Wattrelos': those of two communes, found as such)
            while name.lower().startswith("quartiers") and "prioritaire" not in name.lower() \
                    and (nxt := more.match(text, end)) is not None:
                other = f"quartier {clean_text(nxt.group('y'))}"
                found.append((other, nxt.start("y"), "quartier:" + fold(other)))
                end = nxt.end()
    # a place standing alone between separators: 'En bref – Val-de-Reuil ¶', '· Loire-Atlantique ·'
    pos = 0
    for piece in re.split(r"(\s[-–—|·:]\s|¶)", text):
        seg = piece.strip()
        if seg and seg[:1].isupper() and len(seg) <= 40 and not re.search(r"[.,;()]", seg):
            start = pos + piece.find(seg)
            t = territories.resolve(seg, context, allow_lieu=False)
            if t is not None and not any(a <= start < a + len(n) for n, a, _ in found):
                found.append((seg, start, t.iri_slug))
        pos += len(piece)
    for m in re.finditer(r"\b[A-ZÉÈÀÂÎÔ][A-ZÉÈÀÂÎÔ'’-]{3,}(?:\s+[A-ZÉÈÀÂÎÔ'’-]{2,})*\b", text):  # 'EN BREF – VAL-DE-REUIL'
        t = territories.resolve(title_case(m.group(0)), context, allow_lieu=False)
        if t is not None and not any(a <= m.start() < a + len(n) for n, a, _ in found):
            found.append((m.group(0), m.start(), t.iri_slug))
    seen: set[str] = set()
    for name, pos, slug in sorted(found, key=lambda t: t[1]):
        if slug in seen or any(s <= pos < e for s, e in exclude) or territories.after_street_word(text, pos):
            continue  # (a street's name: 'rue de Pont-Aven')
        if re.match(r"\s+d[ue]\s+\d", text[pos + len(name) : pos + len(name) + 8]):
            continue  # 'Réunion du 20 octobre', 'Séance du 11 mars': a date
        seen.add(slug)
        out.append((name, pos, slug))
    return [(_as_read_again(n, slug), p) for n, p, slug in out]


def _as_read_again(name: str, slug: str) -> str:
    """A commune's name as the graph can read it again alone: 'Die', 'Vitré' (words, or homonyms, found here
    after a cue or with the context of the text) with their département, 'Die (Drôme)'."""
    from isgraph.resolve import territories

    if not slug.startswith("commune-") or "(" in name:
        return name
    alone = territories.resolve(name, None, allow_lieu=False)
    if alone is not None and alone.iri_slug == slug:
        return name
    t = territories.get(slug)
    dep = territories.get(f"departement-{t.departements[0]}") if t is not None and t.departements else None
    if dep is None:
        return name
    qualified = f"{name} ({dep.label})"
    again = territories.resolve(qualified, None, allow_lieu=False)
    return qualified if again is not None and again.iri_slug == slug else name



# the title of a commune's own publication: 'Bulletin municipal de Moulins-Engilbert', 'Le journal de la ville de
# Vitré', 'Magazine d'information municipale de Saint-Pol', 'Lettre communale de X'
_MUNICIPAL = re.compile(r"(?i)\b(?:bulletin|journal|magazine|lettre|gazette|revue|feuille)\s+(?:d['’]\s*informations?\s+)?"
                        r"(?:(?:municipale?s?|communale?s?)\s+(?:de|d['’]|du)\s*(?:la\s+(?:ville|commune)\s+(?:de|d['’])\s*)?"
                        r"|(?:de|d['’]|du)\s*la\s+(?:ville|commune)\s+(?:de|d['’])\s*)"
                        r"(?P<name>[A-ZÉÈÀÂÎÔ][^\n–—|,:;()]{1,60})")


# 'VIC-FEZENSAC – BULLETIN MUNICIPAL D'INFORMATION – N° 47': the commune, then its bulletin
_NAMED_BULLETIN = re.compile(r"(?i)^\s*(?P<name>[A-ZÉÈÀÂÎÔ][^\n–—|:;()]{1,60}?)\s+[-–—|]\s+(?:bulletin|journal|magazine|lettre|"
                             r"gazette)\s+(?:municipal|communal|d['’]\s*informations?\s+municipales?)")


def municipal_home(lines, head: int = 6) -> tuple[str, int] | None:
    """(the commune, line) whose own bulletin or magazine the document is, from its opening lines: the stories it
    tells without naming a place happen there. None for any other document."""
    from isgraph.resolve import territories

    for ln in lines[:head]:
        for m in (_MUNICIPAL.search(ln.text), _NAMED_BULLETIN.match(ln.text)):
            if not m:
                continue
            name = re.split(r"\s+[-–—]\s+|\s+n°", m.group("name"))[0].strip(" .-")
            try:
                t = territories.resolve(name, None, allow_lieu=False)
            except Exception:  # pragma: no cover
                return None
            if t is not None and t.kind == "commune":
                return _as_read_again(t.label, t.iri_slug), ln.n
    return None


def document_places(text: str) -> tuple[str, ...]:
    """The places the whole document names (the gazetteer's own reading): the context in which a block's small
    communes are read ('les habitants de Lignières' on a page about the Cher)."""
    from isgraph.resolve import territories

    try:
        return tuple(dict.fromkeys(p.territory.label for p in territories.find_places(text)))
    except Exception:  # pragma: no cover
        return ()


def needs_its_departement(name: str, homonyms: list | None = None) -> bool:
    """A commune name the gazetteer does not read alone: shared by several communes, or a word too ('Vitré',
    'Condom', 'Mer'). `homonyms`: the communes of that name, when the caller has them."""
    from isgraph.resolve import territories

    try:
        if homonyms is None:
            homonyms = territories.load_gazetteer().communes_named(name)
        return len(homonyms) > 1 or territories.resolve(name, None, allow_lieu=False) is None
    except Exception:  # pragma: no cover - a name the gazetteer cannot read
        return False


def qualified_commune(name: str, context_names: tuple[str, ...]) -> str:
    """A commune name as written in a table cell or a card field, made unambiguous by the document: 'Allonnes' on a
    page that names only the Sarthe -> 'Allonnes (Sarthe)' (there are Allonnes in three départements). Unchanged
    when the name is unique, not a commune, or the document names départements of several régions."""
    from isgraph.resolve import territories

    try:
        homonyms = territories.load_gazetteer().communes_named(name)
        if not homonyms or not needs_its_departement(name, homonyms):
            return name  # no commune, or one the gazetteer reads alone
        hinted = [t for t in (territories.resolve(n, None, allow_lieu=False) for n in context_names) if t is not None]
    except Exception:  # pragma: no cover - a name the gazetteer cannot read
        return name
    # the département(s) of the places the document names (its communes and départements: 'Bourges', 'Cher'); a
    # commune whose name is also a word ('Condom', 'Vitré', 'Mer') is read in a département the document names,
    # a name several communes share only when the document names one département
    deps = {d for t in hinted if t.kind in ("commune", "departement") for d in t.departements}
    local = [c for c in homonyms if set(c.departements) & deps]
    # several départements named, all in one région ('Bourges', 'Blois', 'Vierzon'): the one homonym among them
    regions = {r for t in hinted if t.kind in ("commune", "departement") for r in t.regions}
    if len(local) != 1 or (len(homonyms) > 1 and len(deps) != 1 and not (len(regions) == 1 and len(deps) <= 4)):
        return name
    dep = territories.get(f"departement-{local[0].departements[0]}")
    return f"{name} ({dep.label})" if dep is not None else name


def territory_slug(name: str) -> str | None:
    from isgraph.resolve import territories

    t = territories.resolve(name, None, allow_lieu=False)
    return t.iri_slug if t is not None else None
