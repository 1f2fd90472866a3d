"""Synthetic corpus generator (benchmark and test tooling, never used by the build).

`generate(scale, out, seed)` writes `scale` times the seeds as NEW documents of the same five families, in the same
layouts, so that the extractors do real work and entity resolution sees many distinct actors:

    cartes-postales   one file of 60 cards separated by "+" lines (header, structure, labelled boxes, contacts)
    territoria        a TERRITORIA press kit: palmarès (OR / ARGENT / BRONZE) + 50 summaries by domain
    neoterra          a Région sheet: per "Enjeu" heading a TAB table Projet / Acteurs mobilisés / Contribution
    ressource-web     a resource-centre page (#### Parc:, **Auteur(s) :**, **Source URL:** ...), one experience
    diaporama         a slide deck: a general talk, then two initiatives (HISTORIQUE, BUDGET, OBJECTIFS ...)

One *unit* is one document of each family with as many initiatives as the corresponding seed (60, 50, 14, 1, 2:
127 initiatives); scale N writes N units. Names are drawn from the packaged gazetteer (real communes, départements,
régions, Parcs naturels régionaux, EPCI) and recombined with the generic vocabularies below (kinds of organisations,
national funders, themes of social innovation) into invented initiatives and actors ("Association Les Jardins de
{commune}"); contact persons are invented (first names of the privacy list + made-up surnames).

Everything is a pure function of (seed, unit, family): unit k of a scale-10 corpus is byte-identical to unit k of a
scale-1000 corpus, and the same arguments always give byte-identical files. Nothing here is read by the extractors;
the vocabulary is generic (no fact about a seed initiative).

`.synth.json` in the output directory lists every file with its intended family and the initiatives it contains (the
documents reader ignores it: only *.txt / *.md are documents).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

GENERATOR_VERSION = 1

#: documents of one unit, in this order, with the number of initiatives of each (as in the seeds)
UNIT: tuple[tuple[str, int], ...] = (
    ("cartes-postales", 60),
    ("ressource-web", 1),
    ("territoria", 50),
    ("neoterra", 14),
    ("diaporama", 2),
)
FAMILIES = tuple(f for f, _ in UNIT)
MANIFEST = ".synth.json"  # hidden: a build of the folder never reads it as a document


# ---------------------------------------------------------------------------------------------------------------
# places: the packaged gazetteer
# ---------------------------------------------------------------------------------------------------------------

_DE_BY_TNCC = {"0": "de ", "1": "d'", "2": "du ", "3": "de la ", "4": "des ", "5": "de l'", "6": "des ", "7": "de las ",
               "8": "de los "}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _ascii_upper(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def de(name: str) -> str:
    """French 'de' before a commune / proper name: 'de Vertou', "d'Orly", 'du Mans', 'des Abymes'."""
    m = re.match(r"^(Les|Le|La|L['’])(?:\s+|(?<=['’]))(.*)$", name)
    if m:
        art = m.group(1)
        if art == "Le":
            return "du " + m.group(2)
        if art == "Les":
            return "des " + m.group(2)
        return "de " + name
    if re.match(r"^[AEIOUYÉÈÊÀÂÎÏÔÛŒHaeiouyéèêàâîïôûœh]", name):
        return "d'" + name
    return "de " + name


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    dep: str
    reg: str
    population: int


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    reg: str
    de: str  # "du Nord", "de la Haute-Saône", "de l'Isère"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    de: str


@dataclass(frozen=True)
class Parc:
    key: str
    name: str  # "Parc naturel régional des Alpilles"
    rest: str  # "des Alpilles"
    deps: tuple[str, ...]
    regs: tuple[str, ...]


@dataclass(frozen=True)
class Epci:
    siren: str
    nature: str  # CA / CC
    core: str  # "du Grand Dole", "Caux Seine Agglo"


def _tsv(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]
    return rows[1:]


@dataclass
class Places:
    communes: list[Commune]
    departements: dict[str, Departement]
    regions: dict[str, Region]
    parcs: list[Parc]
    epci: list[Epci]
    communes_by_dep: dict[str, list[Commune]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for c in self.communes:
            self.communes_by_dep.setdefault(c.dep, []).append(c)


@lru_cache(maxsize=1)
def places() -> Places:
    """Real names from the packaged gazetteer: communes of ≥ 3 000 inhabitants whose name is unique in France (so that
    the resolver can place them without a hint), départements and régions of metropolitan France, Parcs, EPCI."""
    from isgraph.resolve.territories import load_gazetteer

    directory = Path(load_gazetteer().directory)
    deps = {}
    for code, nom, reg, _chef, tncc in (r[:5] for r in _tsv(directory / "departements.tsv")):
        if len(code) == 2 or code in ("2A", "2B"):
            deps[code] = Departement(code, nom, reg, _DE_BY_TNCC.get(tncc, "de ") + nom)
    regions = {}
    for row in _tsv(directory / "regions.tsv"):
        code, nom, _chef, tncc = row[:4]
        if code in {d.reg for d in deps.values()}:
            regions[code] = Region(code, nom, _DE_BY_TNCC.get(tncc, "de ") + nom)
    rows = _tsv(directory / "communes.tsv.gz")
    counts: dict[str, int] = {}
    for r in rows:
        counts[_fold(r[1])] = counts.get(_fold(r[1]), 0) + 1
    communes = []
    for r in rows:
        code, nom, typ, dep, reg, pop = r[0], r[1], r[2], r[3], r[4], r[9] if len(r) > 9 else ""
        if typ != "COM" or dep not in deps or not pop.isdigit() or int(pop) < 3000 or counts[_fold(nom)] != 1:
            continue
        if len(nom) > 30 or "(" in nom:
            continue
        communes.append(Commune(code, nom, dep, reg, int(pop)))
    parcs = []
    for r in _tsv(directory / "pnr.tsv"):
        key, nom, _alias, regs, dps = r[0], r[1], r[2], r[3], r[4]
        m = re.match(r"^Parc naturel régional\s+(.*)$", nom)
        dps_t = tuple(d for d in dps.split(",") if d in deps)
        if not m or not dps_t:
            continue
        parcs.append(Parc(key, nom, m.group(1), dps_t, tuple(x for x in regs.split(",") if x)))
    epci = []
    for siren, nom, nature, _pop in (r[:4] for r in _tsv(directory / "epci.tsv")):
        if nature not in ("CA", "CC") or "(" in nom or "," in nom or " - " in nom:
            continue
        core = re.sub(r"^(?:CA|CC)\s+", "", nom)
        if len(core) > 35 or not core:
            continue
        epci.append(Epci(siren, nature, core))
    return Places(communes, deps, regions, parcs, epci)


@lru_cache(maxsize=1)
def first_names() -> tuple[str, ...]:
    from isgraph import paths

    words = []
    for ln in (paths.DATA_DIR / "prenoms.txt").read_text(encoding="utf-8").splitlines():
        w = ln.strip()
        if w and not w.startswith("#") and w.isalpha() and 4 <= len(w) <= 9:
            words.append(w.capitalize())
    return tuple(words)


# ---------------------------------------------------------------------------------------------------------------
# generic vocabularies (kinds of organisations, funders, themes): no fact about any seed initiative
# ---------------------------------------------------------------------------------------------------------------

_SURNAME_HEAD = ("Ber", "Mar", "Lem", "Gau", "Rou", "Fon", "Cha", "Dal", "Ver", "Bou", "Mor", "Pel", "Gui", "Lan",
                 "Tes", "Vial", "Bri", "Cor", "Del", "Fau", "Gar", "Jol", "Lar", "Mic", "Pou", "Ral", "Sau", "Tho",
                 "Val", "Bon", "Cal", "Dur", "Ger", "Hum", "Mal", "Nog", "Pra", "Ros", "Tal", "Vas")
_SURNAME_MID = ("", "", "an", "el", "ou", "i", "er", "o", "ach", "eb", "ill")
_SURNAME_TAIL = ("and", "ot", "ier", "ard", "in", "et", "on", "ais", "ault", "eux", "ac", "oux", "elle", "ent", "at",
                 "ey", "ole", "ice", "esse", "ard")

#: national bodies that fund or partner social innovation (public names of well-known institutions)
NATIONAL_FUNDERS = ("Fondation de France", "ADEME", "Fondation MACIF", "Caisse des dépôts", "FEDER", "LEADER", "FSE",
                    "ANCT", "Anah", "MSA", "Fondation Abbé Pierre", "Banque des Territoires", "Fondation Crédit Agricole",
                    "Agence nationale pour la rénovation urbaine", "France Active", "Fondation SNCF", "AG2R La Mondiale",
                    "Fondation EDF", "Caisse d'Épargne", "Europe")
NATIONAL_PARTNERS = ("Pôle emploi", "Éducation nationale", "Restos du cœur", "Secours populaire", "Secours catholique",
                     "Croix-Rouge française", "Banque alimentaire", "Emmaüs", "Familles Rurales", "UNCCAS",
                     "Ligue de l'enseignement", "LPO", "France Nature Environnement", "Habitat et Humanisme",
                     "Fédération des centres sociaux", "Compagnons Bâtisseurs", "Soliha", "Unis-Cité", "ADIE", "UDAF")
#: local organisations: {de} is "de <commune>" ("de Vertou", "d'Orly", "du Mans"), {commune} the name alone
LOCAL_PARTNERS = ("Association Les Jardins {de}", "Association Familles Rurales {de}", "Maison de l'emploi {de}",
                  "Office de tourisme {de}", "Mission locale {de}", "Centre social {de}", "Comité des fêtes {de}",
                  "Association Culture et Loisirs {de}", "Collectif Vélo {de}", "Coopérative alimentaire {de}",
                  "Régie de quartier {de}", "Lycée agricole {de}", "Foyer rural {de}", "Amicale laïque {de}",
                  "Association Les Amis {de}", "MJC {de}", "Club des aînés {de}", "Épicerie solidaire {de}",
                  "Ressourcerie {de}", "Association Solidarité {commune}", "Université {de}",
                  "Association Terre et Partage {de}", "Maison de quartier {de}", "Chambre d'agriculture {dep_de}",
                  "Conservatoire {de}", "Association Accueil {commune}", "École de musique {de}",
                  "Association Relais {commune}", "Groupement d'employeurs {de}", "Bibliothèque {de}")
#: the same, capitalised as in running text (press kits, web pages, slides)
PROSE_PARTNERS = ("Association Les Amis {de}", "Mission Locale {de}", "Centre social {de}", "Université {de}",
                  "MJC {de}", "Office de Tourisme {de}", "Maison de l'Emploi {de}", "Lycée agricole {de}",
                  "Collectif Vélo {de}", "Coopérative Alimentaire {de}", "Association Familles Rurales {de}",
                  "Régie de Quartier {de}", "École de Musique {de}", "Conservatoire {de}", "Maison de Quartier {de}",
                  "Chambre d'Agriculture {dep_de}", "UDAF {dep_de}", "CAF {dep_de}", "Département {dep_de}",
                  "Conseil départemental {dep_de}")
PROSE_FUNDERS = ("Fondation de France", "ADEME", "Fondation Abbé Pierre", "Fondation MACIF", "Banque des Territoires",
                 "LEADER", "FEDER", "Fondation SNCF", "Fondation EDF", "Région {region}", "Département {dep_de}",
                 "CAF {dep_de}", "Conseil départemental {dep_de}")
#: invented associations with a name of their own
ASSOCIATION_WORDS = ("L'Escale", "La Passerelle", "Le Relais", "Le Trait d'Union", "La Boussole",
                     "La Ruche", "La Fabrique", "La Grange", "La Caravane", "La Marmite", "La Clé des Champs",
                     "La Main Tendue", "La Pépinière", "La Source", "Le Sentier", "La Rencontre", "L'Atelier",
                     "Le Tiers-Lieu", "La Bricolerie", "La Cabane", "La Boîte à Outils", "La Colline", "La Traverse",
                     "La Roulotte", "L'Escabelle", "La Dynamo", "La Cordée", "La Luciole", "Le Ricochet")
GENERIC_PARTNERS = ("associations locales", "habitants", "écoles du territoire", "commerçants", "agriculteurs",
                    "communes du territoire", "bénévoles", "artisans", "structures d'insertion", "familles",
                    "acteurs culturels", "bailleurs sociaux", "établissements scolaires", "entreprises locales")

THEMES: tuple[dict, ...] = (
    {"code": "precarite-energetique",
     "titles": ("Lutte contre la précarité énergétique", "Visites énergie chez les ménages modestes",
                "Chantiers d'auto-rénovation accompagnée", "Isolation des combles pour les familles",
                "Médiation énergie et éco-gestes"),
     "text": ("Les ménages repérés bénéficient d'une visite énergie, de petits équipements et de conseils d'éco-gestes "
              "pour réduire leurs factures d'énergie.",
              "Des chantiers d'isolation thermique sont réalisés avec les habitants pour améliorer le confort thermique "
              "des logements."),
     "missions": ("Précarité énergétique", "Habitat", "Maîtrise de l'énergie")},
    {"code": "alimentation",
     "titles": ("Épicerie sociale et solidaire", "Jardin partagé intergénérationnel", "Ateliers cuisine et santé",
                "Paniers de légumes solidaires", "Cantine de quartier"),
     "text": ("Les familles accèdent à une alimentation de qualité grâce aux produits des agriculteurs locaux et à des "
              "ateliers cuisine.",
              "Le jardin partagé réunit des habitants de tous âges autour du potager et de l'aide alimentaire."),
     "missions": ("Alimentation", "Agriculture", "Lien social")},
    {"code": "mobilite",
     "titles": ("Transport solidaire en milieu rural", "Garage solidaire", "Plateforme de mobilité",
                "Location de scooters pour l'emploi", "Covoiturage de proximité"),
     "text": ("Des bénévoles conduisent les personnes sans voiture vers les commerces, les services et les rendez-vous "
              "médicaux.",
              "Le dispositif de mobilité aide les demandeurs d'emploi à passer le permis et à se déplacer."),
     "missions": ("Mobilité", "Services", "Emploi")},
    {"code": "handicap",
     "titles": ("Balades nature accessibles à tous", "Tourisme et handicap", "Sports de nature adaptés",
                "Accueil des personnes en situation de handicap"),
     "text": ("Les sorties sont adaptées aux personnes à mobilité réduite et aux personnes malvoyantes, avec un "
              "matériel spécifique prêté gratuitement.",
              "Des journées d'échanges sensibilisent les prestataires touristiques à l'accessibilité."),
     "missions": ("Accessibilité", "Tourisme", "Activités de pleine nature")},
    {"code": "personnes-agees",
     "titles": ("Séjours de vacances pour les personnes âgées", "Visites de convivialité aux aînés isolés",
                "Colis solidaires pour les seniors", "Ateliers numériques pour les seniors"),
     "text": ("Les personnes âgées isolées participent à l'élaboration de séjours près de chez elles, ce qui rompt "
              "l'isolement et renforce le lien social.",
              "Des bénévoles rendent visite chaque semaine aux aînés qui vivent seuls."),
     "missions": ("Personnes âgées", "Lien social", "Tourisme et loisirs")},
    {"code": "jeunesse",
     "titles": ("Découverte de la nature pour les adolescents", "Chantiers de jeunes bénévoles", "Parlement des jeunes du territoire",
                "Coopérative jeunesse de services"),
     "text": ("Les jeunes du territoire découvrent les métiers de l'environnement et s'engagent dans des chantiers "
              "collectifs.",
              "Les adolescents créent une coopérative et proposent des services aux habitants pendant l'été."),
     "missions": ("Jeunesse", "Éducation", "Citoyenneté")},
    {"code": "insertion",
     "titles": ("Chantier d'insertion en éco-construction", "Groupement d'employeurs agricoles",
                "Recyclerie et insertion professionnelle", "Parcours vers l'emploi des allocataires du RSA"),
     "text": ("Des personnes éloignées de l'emploi sont recrutées en contrat d'insertion et formées aux métiers du "
              "bâtiment.",
              "Le groupement d'employeurs permet de pérenniser des emplois saisonniers."),
     "missions": ("Insertion", "Emploi", "Formation")},
    {"code": "culture",
     "titles": ("Festival culturel itinérant", "Résidence d'artistes en milieu rural", "Saison culturelle nomade",
                "Théâtre participatif avec les habitants"),
     "text": ("Des spectacles sont proposés dans les villages pour rendre la culture accessible aux habitants "
              "éloignés des équipements culturels.",
              "Les artistes en résidence travaillent avec les écoles et les associations."),
     "missions": ("Culture", "Lien social", "Éducation artistique")},
    {"code": "enfance-famille",
     "titles": ("Ludothèque itinérante", "Relais assistants maternels", "Lieu d'accueil enfants-parents",
                "Soutien à la parentalité"),
     "text": ("Les familles se retrouvent autour du jeu et échangent avec des professionnels de la petite enfance.",
              "Le relais informe les parents sur les modes de garde et accompagne les assistantes maternelles."),
     "missions": ("Enfance", "Famille", "Parentalité")},
    {"code": "sante",
     "titles": ("Contrat local de santé", "Maison de santé pluriprofessionnelle", "Ateliers santé et bien-être",
                "Prévention santé des jeunes"),
     "text": ("Le contrat local de santé coordonne les professionnels de santé pour améliorer l'accès aux soins.",
              "Des ateliers de prévention abordent l'alimentation, le sommeil et l'activité physique."),
     "missions": ("Santé", "Prévention", "Accès aux soins")},
    {"code": "participation-citoyenne",
     "titles": ("Budget participatif", "Assemblées citoyennes de quartier", "Concertation sur l'aménagement du bourg",
                "Ateliers participatifs d'urbanisme"),
     "text": ("Les habitants proposent et votent des projets pour leur quartier dans le cadre d'une démarche "
              "participative.",
              "Des ateliers de concertation associent les habitants à l'aménagement des espaces publics."),
     "missions": ("Participation citoyenne", "Urbanisme", "Démocratie locale")},
    {"code": "economie-sociale-solidaire",
     "titles": ("Café associatif", "Tiers-lieu solidaire", "Monnaie locale complémentaire",
                "Coopérative d'habitants", "Repair café"),
     "text": ("Le café associatif est un espace de vie sociale qui accueille des services, des ateliers et des "
              "rencontres entre habitants.",
              "La coopérative réunit des habitants, des salariés et des collectivités autour de l'économie sociale "
              "et solidaire."),
     "missions": ("Économie sociale et solidaire", "Lien social", "Services")},
    {"code": "environnement",
     "titles": ("Sentier de découverte de la biodiversité", "Atlas participatif de la biodiversité",
                "Entretien des paysages avec les habitants", "Chantiers nature participatifs"),
     "text": ("Les habitants inventorient la faune et la flore de leur commune avec les naturalistes.",
              "Des chantiers participatifs restaurent les haies et les mares pour préserver la biodiversité."),
     "missions": ("Environnement", "Biodiversité", "Paysage")},
)
_QUALIFIERS = ("", "", "", " en milieu rural", " pour tous", " intercommunal", " de proximité", " itinérant",
               " solidaire", " partagé")
_NICKNAMES = ("Le Fil", "L'Escale", "La Passerelle", "Le Relais", "Cap Avenir", "La Ruche", "Le Trait d'Union",
              "Bouge ta Ville", "Terre Commune", "Les Pieds dans le Plat", "Le Grand Chantier", "Mille Pattes",
              "Place aux Jeunes", "Le Petit Marché", "La Main Verte", "Roule ma Poule", "Les Liens", "Ensemble",
              "Le Temps de Vivre", "Bol d'Air", "Coup de Pouce", "La Belle Équipe", "Racines", "Horizon")
TERRITORIA_DOMAINS = ("Aménagement de l'espace public / Urbanisme", "Civisme Citoyenneté", "Communication", "Culture",
                      "Gouvernance", "Innovation managériale", "Lien social", "Mobilité",
                      "Pilotage / évaluation des politiques publiques", "Prévention", "Qualité de Vie",
                      "Ressources Humaines", "Revitalisation commerciale", "Services aux personnes",
                      "Territoires Innovants", "Transformation numérique", "Transition énergétique")
NEOTERRA_ENJEUX = ("Inclure les publics en difficultés", "Donner la parole aux plus jeunes",
                   "Lutter contre les discriminations", "Oeuvrer pour la cohésion sociale en ruralité",
                   "Accompagner la transition alimentaire", "Favoriser la mobilité pour tous")
FUNCTIONS = ("aiguillon", "inspirateur", "connecteur")


# ---------------------------------------------------------------------------------------------------------------
# intended content of an initiative (written to .synth.json; what extraction should find)
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Planned:
    title: str
    porteur: str
    partners: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    budget: int | None = None
    theme: str = ""


class Draw:
    """Random choices of one document (a `random.Random` seeded from (seed, unit, family))."""

    def __init__(self, seed: int, unit: int, family: str):
        self.rng = random.Random(f"isgraph-synth:{GENERATOR_VERSION}:{seed}:{unit}:{family}")
        self.pl = places()
        self.used_titles: set[str] = set()

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def sample(self, seq, k: int) -> list:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # places
    def commune(self, dep: str | None = None) -> Commune:
        pool = self.pl.communes_by_dep.get(dep or "", ()) or self.pl.communes
        return self.pick(pool)

    def departement(self, code: str | None = None) -> Departement:
        if code and code in self.pl.departements:
            return self.pl.departements[code]
        return self.pick(sorted(self.pl.departements.values(), key=lambda d: d.code))

    def region(self, code: str | None = None) -> Region:
        if code and code in self.pl.regions:
            return self.pl.regions[code]
        return self.pick(sorted(self.pl.regions.values(), key=lambda r: r.code))

    def parc(self) -> Parc:
        return self.pick(self.pl.parcs)

    # people
    def person(self) -> tuple[str, str]:
        """(first name, surname) of an invented contact person."""
        sur = self.pick(_SURNAME_HEAD) + self.pick(_SURNAME_MID) + self.pick(_SURNAME_TAIL)
        return self.pick(first_names()), sur

    def phone(self) -> str:
        return "0" + str(self.rng.randint(1, 5)) + " " + " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(4))

    # money
    def amount(self) -> int:
        base = self.pick((500, 1000, 1500, 2000, 3000, 4500, 6000, 8000, 12000, 15000, 20000, 25000, 36000, 45000,
                          60000, 75000, 120000, 180000, 250000))
        return base + self.pick((0, 0, 0, 500, 1000, 2500)) if base >= 10000 else base

    def euros(self, value: int) -> str:
        style = self.rng.randrange(4)
        grouped = f"{value:,}".replace(",", " ")
        if style == 0:
            return f"{grouped} €"
        if style == 1:
            return f"{grouped} euros"
        if style == 2 and value >= 10000 and value % 1000 == 0:
            return f"{value // 1000} k€"
        return f"{grouped}€"

    # organisations
    def local_partner(self, commune: Commune) -> str:
        if self.chance(0.25):
            return f"Association {self.pick(ASSOCIATION_WORDS)} {de(commune.name)}"
        tpl = self.pick(LOCAL_PARTNERS)
        return tpl.format(de=de(commune.name), commune=commune.name,
                          dep_de=self.departement(commune.dep).de)

    def prose_partners(self, commune: Commune, k: int, funders: bool = False) -> list[str]:
        """Organisations as running text names them (capitalised), for the press kit, web page and slides."""
        out: list[str] = []
        dep = self.departement(commune.dep)
        reg = self.region(commune.reg)
        for _ in range(k * 3):
            if len(out) >= k:
                break
            if not funders and self.chance(0.3):
                name = f"Association {self.pick(ASSOCIATION_WORDS)} {de(commune.name)}"
            else:
                tpl = self.pick(PROSE_FUNDERS if funders else PROSE_PARTNERS)
                name = tpl.format(de=de(commune.name), dep_de=dep.de, region=reg.name)
            if name not in out:
                out.append(name)
        return out

    def regional_funder(self, commune: Commune) -> str:
        dep = self.departement(commune.dep)
        reg = self.region(commune.reg)
        return self.pick((f"Région {reg.name}", f"Conseil départemental {dep.de}", f"Département {dep.de}",
                          f"CAF {dep.de}", f"Conseil régional {reg.name}", f"ARS {reg.name}", f"DRAC {reg.name}",
                          f"Communauté de communes {de(commune.name)}"))

    def partners(self, commune: Commune, k: int) -> list[str]:
        out: list[str] = []
        for _ in range(k * 3):
            if len(out) >= k:
                break
            r = self.rng.random()
            if r < 0.55:
                name = self.local_partner(commune if self.chance(0.7) else self.commune(commune.dep))
            elif r < 0.8:
                name = self.pick(NATIONAL_PARTNERS)
            else:
                name = self.regional_funder(commune)
            if name not in out:
                out.append(name)
        return out

    def funders(self, commune: Commune, k: int) -> list[str]:
        out: list[str] = []
        for _ in range(k * 3):
            if len(out) >= k:
                break
            name = self.regional_funder(commune) if self.chance(0.55) else self.pick(NATIONAL_FUNDERS)
            if name not in out:
                out.append(name)
        return out

    def theme(self) -> dict:
        return self.pick(THEMES)

    def title(self, theme: dict, commune: Commune | None = None) -> str:
        for _ in range(20):
            base = self.pick(theme["titles"])
            r = self.rng.random()
            if r < 0.35:
                t = base + self.pick(_QUALIFIERS)
            elif r < 0.6 and commune is not None:
                t = f"{base} {'à' if not commune.name.startswith(('Le ', 'Les ')) else 'au' if commune.name.startswith('Le ') else 'aux'} " \
                    f"{re.sub(r'^(Le|Les) ', '', commune.name)}"
            else:
                t = f"{self.pick(_NICKNAMES)} : {base[:1].lower() + base[1:]}"
            if t not in self.used_titles:
                self.used_titles.add(t)
                return t
        t = f"{base} ({len(self.used_titles) + 1})"
        self.used_titles.add(t)
        return t


def _wrap(text: str, width: int, rng: random.Random | None = None, jitter: int = 0) -> list[str]:
    """Greedy line wrap (PDF-like columns); the width varies a little with `jitter`."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    w = width
    for word in words:
        if cur and len(cur) + 1 + len(word) > w:
            lines.append(cur)
            cur = word
            if rng is not None and jitter:
                w = width + rng.randint(-jitter, jitter)
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines


def _wrap_items(items: list[str], width: int, rng: random.Random, end: str = "") -> list[str]:
    """A comma-separated list in a narrow column, never cutting an item."""
    lines: list[str] = []
    cur = ""
    for k, item in enumerate(items):
        piece = item + ("," if k + 1 < len(items) else end)
        if cur and len(cur) + 1 + len(piece) > width + rng.randint(-4, 4):
            lines.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}" if cur else piece
    if cur:
        lines.append(cur)
    return lines


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


# ---------------------------------------------------------------------------------------------------------------
# cartes postales
# ---------------------------------------------------------------------------------------------------------------

_HEADER = ("Carte Postale pour le  séminaire sur ", "l’innovation sociale territoriale")


def _structure_of_card(d: Draw) -> tuple[str, Commune, str, Parc | None]:
    """(structure name as written, main commune, e-mail domain, parc)."""
    r = d.rng.random()
    if r < 0.6:
        parc = d.parc()
        commune = d.commune(d.pick(parc.deps))
        name = d.pick((parc.name, parc.name, f"PNR {parc.rest}", f"Parc {parc.rest}"))
        return name, commune, f"parc-{parc.key}.fr", parc
    commune = d.commune()
    slug = re.sub(r"[^a-z0-9]+", "-", _fold(commune.name)).strip("-")
    if r < 0.92:
        kind = d.pick(("CCAS", "CCAS", "CIAS"))
        return f"{kind} {de(commune.name)}", commune, f"{kind.lower()}-{slug}.fr", None
    return f"Ville {de(commune.name)}", commune, f"mairie-{slug}.fr", None


def carte(d: Draw) -> tuple[list[str], Planned]:
    structure, commune, domain, parc = _structure_of_card(d)
    theme = d.theme()
    title = d.title(theme, commune)
    partners = d.partners(commune, d.rng.randint(1, 4))
    funders = d.funders(commune, d.rng.randint(0, 3))
    generic = d.sample(GENERIC_PARTNERS, d.rng.randint(0, 2))
    budget = d.amount() if d.chance(0.8) else None
    first, sur = d.person()
    mail = f"{_fold(first).replace(' ', '')}.{_fold(sur).replace(' ', '')}@{domain}"
    job = d.pick(("chargée de mission", "chargé de mission", "directrice", "directeur", "animatrice",
                  "coordinatrice", "responsable du pôle social"))
    years = d.rng.randint(2008, 2016)
    where = f"dans le {structure}" if parc is not None else f"à {commune.name}"
    desc = " ".join([
        f"{theme['text'][0]}",
        f"Depuis {years}, l'action est menée {where} avec les acteurs du territoire.",
        d.pick(theme["text"]),
    ])
    social = d.pick((
        f"Rompre l'isolement et renforcer le lien social entre les habitants {de(commune.name)}.",
        "Permettre aux publics les plus fragiles de participer et de devenir acteurs du projet.",
        "Le mélange des publics et la participation des habitants à toutes les étapes.",
        "Rendre accessible à tous une offre jusque-là réservée à quelques-uns.",
    ))
    defi = d.pick((
        "Identifier les freins à la participation et mettre en place les dispositifs permettant de les dépasser.",
        "Mobiliser durablement les bénévoles et trouver un modèle économique pérenne.",
        "Faire connaître l'action auprès des publics concernés et des partenaires.",
        "Essaimer la démarche sur d'autres communes du territoire.",
    ))
    lines: list[str] = []
    layout = d.rng.randrange(3)
    if layout == 0:
        # title on the "+" line, structure next to the header (like a scanned card)
        lines += [f"+ {title}", "C’est quoi ?", ""]
        lines += _wrap(desc, 48, d.rng, 6) + [""]
        lines += ["Le plus « social »", ""] + _wrap(social, 30, d.rng, 4) + [""]
        lines += ["Missions concernées", ""] + [f"- {m}" for m in d.sample(theme["missions"], 2)] + [""]
        lines += ["Contact", "", f"{first} {sur.upper()}, {job}", mail, d.phone(), ""]
        if partners or generic:
            lines += ["Partenaires", ""] + _wrap_items(partners + generic, 30, d.rng) + [""]
        lines += [structure, "", *_HEADER, ""]
        lines += _budget_box(d, budget, funders)
    elif layout == 1:
        # header, structure, then the boxes in reading order, the title right after "C'est quoi ?"
        lines += ["+", "", *_HEADER, "", structure, ""]
        lines += ["C’est quoi ?", title, ""] + _wrap(desc, 60, d.rng, 6) + [""]
        lines += ["Le plus « social »", ""] + _wrap(social, 40, d.rng, 4) + [""]
        lines += ["Le défi à relever", ""] + _wrap(defi, 55, d.rng, 5) + [""]
        lines += ["Missions concernées", ""] + [f"- {m}" for m in d.sample(theme["missions"], 3)] + [""]
        lines += ["Contact", "", f"{first} {sur.upper()}, {job}", mail, d.phone(), ""]
        if partners or generic:
            lines += ["Partenaires", ""] + [f"-{p}" for p in partners + generic] + [""]
        lines += _budget_box(d, budget, funders)
    else:
        # labels sharing one line ("Partenaires Budget"), values below in the column order
        lines += ["+", "", *_HEADER, "", structure, "", "C’est quoi?", title, ""]
        lines += _wrap(desc, 55, d.rng, 6) + [""]
        lines += ["Le plus « social »", ""] + _wrap(social, 35, d.rng, 4) + [""]
        lines += ["Missions concernées", ""] + [f"« {d.pick(theme['missions'])} »", ""]
        lines += ["Contact", "", f"{first} {sur}, {job}", mail, d.phone(), ""]
        if partners or generic:
            lines += ["Partenaires", ""] + _wrap_items(partners + generic, 35, d.rng, ".") + [""]
        lines += _budget_box(d, budget, funders)
    lines += ["", ""]
    places_ = [parc.name] if parc is not None else [commune.name]
    return lines, Planned(title, structure, partners, funders, places_, budget, theme["code"])


def _budget_box(d: Draw, budget: int | None, funders: list[str]) -> list[str]:
    out = ["Budget", ""]
    if budget is not None:
        out += [d.pick(("", "Budget total : ", "Coût global : ")) + d.euros(budget)
                + d.pick(("", "", " par an", " sur deux ans")), ""]
    else:
        out += ["Pas de budget spécifique.", ""]
    if funders:
        out += ["Financements", ""] + _wrap_items(funders, 30, d.rng) + [""]
    return out


def cartes_postales(d: Draw, n: int) -> tuple[str, list[Planned]]:
    lines = [""]
    planned = []
    for _ in range(n):
        card, p = carte(d)
        lines += card
        planned.append(p)
    return "\n".join(lines) + "\n", planned


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA press kit
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class _Laureate:
    kind: str  # ville / departement / region / ca / cc / ccas
    palmares: str  # as written in the palmarès list (after the kind word)
    header: str  # upper-case summary header
    porteur: str  # full name
    place: str
    commune: Commune  # where its partners come from
    prize: str = ""


def _laureates(d: Draw, n: int) -> list[_Laureate]:
    out: list[_Laureate] = []
    seen: set[str] = set()
    regions = sorted(d.pl.regions.values(), key=lambda r: r.code)
    while len(out) < n:
        r = d.rng.random()
        if r < 0.62:
            c = d.commune()
            lau = _Laureate("ville", c.name, _ascii_upper(c.name) + d.pick(("", "", f" ({c.dep})")),
                            f"Ville {de(c.name)}", c.name, c)
        elif r < 0.8:
            dep = d.departement()
            lau = _Laureate("departement", dep.de, "CD " + _ascii_upper(dep.name), f"Département {dep.de}", dep.name,
                            d.commune(dep.code))
        elif r < 0.85:
            reg = d.pick(regions)
            c = d.pick([x for x in d.pl.communes if x.reg == reg.code] or d.pl.communes)
            lau = _Laureate("region", reg.name, "REGION " + _ascii_upper(reg.name), f"Région {reg.name}", reg.name, c)
        elif r < 0.92:
            c = d.commune()
            lau = _Laureate("ccas", de(c.name), "CCAS " + _ascii_upper(de(c.name)), f"CCAS {de(c.name)}", c.name, c)
        else:
            e = d.pick(d.pl.epci)
            kind = e.nature.lower()
            core = e.core
            with_de = core if core.startswith(("du ", "de ", "des ", "d'")) else de(core)
            lau = _Laureate(kind, with_de,
                            f"{e.nature} " + _ascii_upper(re.sub(r"^(?:du|de la|de l'|des|de|d')\s*", "", core)),
                            ("Communauté d'agglomération " if kind == "ca" else "Communauté de communes ") + with_de,
                            core, d.commune())
        key = _fold(lau.header)
        if key in seen:
            continue
        seen.add(key)
        out.append(lau)
    return out


def _enumerate(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


_KIND_WORDS = {"region": ("à la région", "aux régions"), "departement": ("au département", "aux départements"),
               "ca": ("à la communauté d’agglomération", "aux communautés d’agglomération"),
               "cc": ("à la communauté de communes", "aux communautés de communes"),
               "ville": ("à la ville de", "aux villes de"), "ccas": ("au CCAS", "aux CCAS")}


def _palmares_line(level: str, items: list[_Laureate]) -> list[str]:
    parts = []
    for kind in ("region", "departement", "ca", "cc", "ville", "ccas"):
        names = [lau.palmares for lau in items if lau.kind == kind]
        if not names:
            continue
        one, many = _KIND_WORDS[kind]
        if kind == "ville":
            parts.append((one if len(names) == 1 else many) + " " + ", ".join(names))
        elif kind == "ccas":
            parts.append((one if len(names) == 1 else many) + " " + ", ".join(names))
        elif kind == "region":
            parts.append((one if len(names) == 1 else many) + " " + ", ".join(names))
        else:
            parts.append((one if len(names) == 1 else many) + " " + ", ".join(names))
    text = f"TERRITORIA {level} : " + " ; ".join(parts) + "."
    return _wrap(text, 92)


def territoria(d: Draw, n: int) -> tuple[str, list[Planned]]:
    year = d.rng.randint(2012, 2024)
    laureates = _laureates(d, n)
    levels = ["OR"] * (n * 2 // 5) + ["ARGENT"] * (n * 2 // 5)
    levels += ["BRONZE"] * (n - len(levels))
    d.rng.shuffle(levels)
    for lau, lvl in zip(laureates, levels):
        lau.prize = lvl
    lines = [f" Prix TERRITORIA {year} ", " ", "", "DOSSIER DE PRESSE ", " ", ""]
    lines += _wrap(f"Plusieurs centaines d’élus locaux et fonctionnaires territoriaux sont invités à la remise des Prix "
                   f"TERRITORIA {year}. Le palmarès {year} a été riche d’innovations, d’idées et de nouveautés dont sont "
                   f"porteurs les territoires. {n} collectivités ont été distinguées par le jury dans de nombreux "
                   f"domaines concernant les secteurs d’activité des collectivités locales.", 95)
    lines += ["", "Communiqué de presse ", "", f"Le Palmarès du Prix TERRITORIA {year} ", "",
              "Résumés des dossiers des lauréats ", "", ""]
    lines += ["COMMUNIQUE DE PRESSE ", "", f"Le Prix TERRITORIA {year}  ",
              "récompense les collectivités territoriales  ",
              "qui osent l’innovation pour l’efficience du service public ", ""]
    counts = {lvl: levels.count(lvl) for lvl in ("OR", "ARGENT", "BRONZE")}
    lines += _wrap(f"Le jury du Prix TERRITORIA {year} a distingué {n} collectivités en décernant {counts['OR']} "
                   f"TERRITORIA Or, {counts['ARGENT']} TERRITORIA Argent et {counts['BRONZE']} TERRITORIA Bronze.", 92)
    lines += [""]
    for lvl in ("OR", "ARGENT", "BRONZE"):
        lines += _palmares_line(lvl, [lau for lau in laureates if lau.prize == lvl])
    lines += ["", "", "http://www.territoria.asso.fr/", "", "", "RESUME DES DOSSIERS LAUREATS ", ""]
    planned: list[Planned] = []
    domains = sorted(d.sample(TERRITORIA_DOMAINS, min(len(TERRITORIA_DOMAINS), max(3, n // 3))))
    per = [n // len(domains) + (1 if i < n % len(domains) else 0) for i in range(len(domains))]
    k = 0
    for dom, cnt in zip(domains, per):
        lines += [f"{dom} ", ""]
        for lau in laureates[k: k + cnt]:
            theme = d.theme()
            title = d.title(theme)
            partner = d.prose_partners(lau.commune, d.rng.randint(0, 3))
            funder = d.prose_partners(lau.commune, d.rng.randint(0, 1), funders=True)
            budget = d.amount() if d.chance(0.25) else None
            sentences = [d.pick(theme["text"]), _lower_first(d.pick(theme["text"]))]
            body = f"À {lau.place}, " + sentences[1] + " " + sentences[0]
            if partner:
                body += f" Le projet est mené avec {', '.join(partner)}, les habitants et les services municipaux."
            if funder:
                body += f" Il est financé par {funder[0]}."
            if budget:
                body += f" Son budget est de {d.euros(budget)}."
            body += " " + d.pick(("Un projet reproductible par d’autres collectivités.",
                                  "Les habitants ont été associés à toutes les étapes.",
                                  "Une démarche évaluée au bout d’un an, avec des résultats encourageants."))
            lines += ["", f"{lau.header} ", f"{title} ", "", ""]
            lines += [ln + " " for ln in _wrap(body, 95)]
            lines += [""]
            planned.append(Planned(title, lau.porteur, partner, funder, [lau.place], budget, theme["code"]))
        k += cnt
    return "\n".join(lines) + "\n", planned


# ---------------------------------------------------------------------------------------------------------------
# Néo Terra sheet
# ---------------------------------------------------------------------------------------------------------------

def neoterra(d: Draw, n: int) -> tuple[str, list[Planned]]:
    reg = d.region()
    deps = [x for x in d.pl.departements.values() if x.reg == reg.code] or list(d.pl.departements.values())
    lines = ["", "", "**NÉO  ", "TERRA**", "", "DEMAIN  ", "DEVIENT  ", "POSSIBLE", ""]
    lines += [f"Les innovations sociales au service de la transition des filières et territoires en Région {reg.name} - "
              f"Illustrations des contributions des projets lauréats de l'AMI IS", ""]
    amb = d.rng.randint(1, 6)
    lines += [f"Fiche Ambition n°{amb}", "", f"## **{d.pick(NEOTERRA_ENJEUX)}**", ""]
    lines += [f"Depuis plus de 10 ans, **l'Appel à Manifestations d'Intérêts Innovation sociale permet à la Région "
              f"{reg.name} de soutenir l'expérimentation et le développement de nouvelles solutions destinées à résoudre "
              f"des problématiques du territoire**. {d.rng.randint(200, 600)} projets ont pu bénéficier de l'aide "
              f"financière et de l'appui technique de la Région pour tester leur solution.", ""]
    lines += ["## Comment les innovations sociales transforment les filières et les territoires", ""]
    lines += ["- **Aiguillon** : ils défrichent des thématiques, des problématiques et des solutions jusque-là impensées",
              "- **Inspirateur** : ils montrent la marche à suivre, diffusent les bonnes pratiques",
              "- **Connecteur** : ils agissent comme un pont entre des acteurs qui n'ont pas l'habitude de travailler "
              "ensemble", ""]
    enjeux = d.sample(NEOTERRA_ENJEUX, 4)
    per = [n // 4 + (1 if i < n % 4 else 0) for i in range(4)]
    planned: list[Planned] = []
    for i, (enjeu, cnt) in enumerate(zip(enjeux, per), start=1):
        lines += [f"## Enjeu {i} {enjeu}", "", "Projet\tActeurs mobilisés\tContribution à la transition des filières "
                  "et territoires"]
        for _ in range(cnt):
            theme = d.theme()
            dep = d.pick(deps)
            c = d.commune(dep.code)
            word = d.pick(ASSOCIATION_WORDS)
            nick = d.pick([x for x in _NICKNAMES + ASSOCIATION_WORDS if not re.search(r"\b(?:d'|dans|de|du)\b", x)])
            org = d.pick((f"Association {word} {de(c.name)}", f"{nick} {de(c.name)}", nick))
            title = org
            partners = d.partners(c, d.rng.randint(1, 4))
            generic = d.sample(GENERIC_PARTNERS, d.rng.randint(1, 2))
            fns = d.sample(FUNCTIONS, d.rng.randint(1, 2))
            what = _lower_first(d.pick(theme["titles"]))
            p = d.pick((f"<p>A {c.name}, <b>{org}</b> porte un projet de {what}. {d.pick(theme['text'])}</p>",
                        f"<p><b>{org}</b> expérimente un projet de {what} {de(c.name) if d.chance(0.5) else 'en ' + dep.name}. "
                        f"{d.pick(theme['text'])}</p>"))
            a = "<p>" + ", ".join([x[:1].upper() + x[1:] for x in generic] + partners) + "</p>"
            contrib = f"<p>Le projet agit comme <b>{fns[0]}</b> en réunissant les acteurs du territoire."
            if len(fns) > 1:
                contrib += f" Il joue également un rôle <b>de {fns[1]}</b>, en diffusant de nouvelles pratiques."
            contrib += "</p>"
            lines.append(f"{p}\t{a}\t{contrib}")
            planned.append(Planned(title, org, partners, [f"Région {reg.name}"], [c.name], None, theme["code"]))
        lines += ["--\t--\t--", ""]
    lines += ["### Les leviers et les défis pour transformer les filières et les territoires", "",
              "Les acteurs de l'innovation sociale sont traditionnellement proches des acteurs de l'action sociale.", ""]
    return "\n".join(lines) + "\n", planned


# ---------------------------------------------------------------------------------------------------------------
# resource-centre web page
# ---------------------------------------------------------------------------------------------------------------

def ressource_web(d: Draw, n: int) -> tuple[str, list[Planned]]:
    planned: list[Planned] = []
    parc = d.parc()
    dep = d.departement(d.pick(parc.deps))
    reg = d.region(dep.reg)
    c = d.commune(dep.code)
    theme = d.theme()
    title = d.title(theme)
    partners = d.prose_partners(c, d.rng.randint(2, 4))
    year = d.rng.randint(2009, 2020)
    first, sur = d.person()
    core = parc.rest
    slug = re.sub(r"[^a-z0-9]+", "-", _fold(title)).strip("-")
    lines = [" ", "", "", " Mairieconseils", "", "", "#### Télécharger :", "",
             f" [{title}. L'expérience du Parc naturel régional {core}](#) <sup>[4]</sup>", "",
             "#### Parc:", "", re.sub(r"^(?:de la|de l'|des|du|de|d')\s*", "", core), "", "#### Thème ressource:", "",
             "[Développement social](#) <sup>[5]</sup>", "",
             "#### Expérience(s) liée(s) :", "", f"[Actions conduites par le Parc {core} en matière de "
             f"développement social](#) <sup>[7]</sup>", ""]
    body = (f"En {year}, le Parc {core} a lancé avec ses partenaires une démarche pour répondre à une question : "
            f"« comment ensemble pouvons-nous renforcer le lien social et les solidarités de proximité ? ». "
            f"{d.pick(theme['text'])}")
    lines += [body, ""]
    lines += [f"Une démarche conçue sur une partie du territoire, avec {', '.join(partners)}, ainsi que les habitants.",
              ""]
    lines += ["**Type de document** Guide méthodologique", "", ":", "", f"**Nombre de pages** {d.rng.randint(8, 80)}", "",
              ":", "", "**Auteur(s) :**", "", f"Parc naturel régional {core}, Fédération des Parcs naturels régionaux "
              "de France", "", "**Contributeur(s) :**", "", f"{first} {sur} (Parc naturel régional {core})", "",
              f"**Année du document** {year}", "", ":", "", "**Tags :**", "",
              "Renforcer la cohésion sociale <sup>[1]</sup>", "", "Social <sup>[3]</sup>", "", "---", "",
              f"**Source URL:** <https://www.parcs-naturels-regionaux.fr/centre-de-ressources/document/{slug}>", "",
              "**Liens**", "", "[1] <https://www.parcs-naturels-regionaux.fr/etiquettes/renforcer-la-cohesion-sociale>",
              "", "[3] <https://www.parcs-naturels-regionaux.fr/etiquettes/social>", ""]
    planned.append(Planned(title, parc.name, partners, [], [parc.name], None, theme["code"]))
    del reg
    return "\n".join(lines) + "\n", planned


# ---------------------------------------------------------------------------------------------------------------
# slide deck
# ---------------------------------------------------------------------------------------------------------------

_TALK = (
    ("Innover, expérimenter: de quoi parle-t-on ? ", ["• Innover: introduire quelque chose de nouveau ",
                                                    "• Expérimenter: vérifier, tester les qualités de ",
                                                    "quelque chose "]),
    ("Problématique", ["• En quoi l’innovation peut-elle répondre aux difficultés ",
                       "actuelles des politiques sociales ? "]),
    ("Une coordination insuffisante ", ["Beaucoup d’acteurs sont présents sur les territoires mais ne ",
                                        "parviennent pas toujours à « faire système ». "]),
    ("L’analyse des besoins sociaux ", ["L’observation permet d’engager une réflexion sur la priorisation ",
                                        "dans un contexte budgétaire contraint. "]),
    ("L’accueil ", ["• plates-formes d’accueil mutualisées ", "• services communs ", "• guichets intégrés "]),
    ("L’intercommunalité ", ["• Les CIAS ont fait leur preuve en milieu rural en terme de mutualisation ",
                             "des moyens. "]),
    ("Conclusion ", ["L’innovation dans les politiques sociales passe par des pratiques nouvelles ",
                     "et un partenariat renouvelé entre communes et départements. "]),
)


def diaporama(d: Draw, n: int) -> tuple[str, list[Planned]]:
    slides: list[list[str]] = []
    for head, body in d.sample(_TALK, len(_TALK) - 1):
        slides.append([head, " ", *body])
    slides.append(["Merci pour votre attention …  ", "", "Et place aux débats … "])
    planned: list[Planned] = []
    c = d.commune()
    carrier = d.pick(("CCAS", "CIAS"))
    for k in range(n):
        theme = d.theme()
        name = d.pick(_NICKNAMES) + (f" {k + 1}" if k and d.chance(0.3) else "")
        base = _lower_first(d.pick(theme["titles"]))
        partners = d.prose_partners(c, d.rng.randint(2, 4))
        funders = d.prose_partners(c, d.rng.randint(1, 3), funders=True)
        dep_total = d.amount() + 20000
        staff = dep_total * 6 // 10
        slides.append([f"{name}, ", "", f"({base}) ", "", f"un projet géré par le {carrier} {de(c.name)}"])
        slides.append(["HISTORIQUE ", f"• Constat : {_lower_first(d.pick(theme['text']))} ", "",
                       f"• {d.rng.randint(1998, 2015)} : après un an de construction du projet, ouverture de {name} ",
                       "• Participation des usagers aux décisions "])
        slides.append(["FONCTIONNEMENT ", f"• {d.pick(theme['text'])} ", "• Un comité de suivi se réunit chaque "
                       "trimestre "])
        slides.append([f"DÉPENSES : {d.euros(dep_total)} ", "", "Dépenses de personnel  ", d.euros(staff),
                       "Fonctionnement ", d.euros(dep_total - staff), "", "Subventions ",
                       f"({', '.join(funders)}) ", d.euros(dep_total // 2), "",
                       f"RECETTES : {d.euros(dep_total)} ", "", "LE BUDGET "])
        slides.append(["• Favoriser le lien social ", "• Valoriser les compétences de chacun ",
                       "• Favoriser la mixité des publics ", "", "OBJECTIFS "])
        slides.append(["LES PARTENAIRES ", f"• Partenaires : {', '.join(partners)}. "])
        slides.append(["• Valorisation des compétences des usagers ", "• Communication commune ", "",
                       "Points forts "])
        planned.append(Planned(name, f"{carrier} {de(c.name)}", partners, funders, [c.name], dep_total,
                               theme["code"]))
    slides.append(["Conclusion ", " Merci de votre attention… "])
    lines: list[str] = []
    for s in slides:
        lines += s + ["", "", ""]
    return "\n".join(lines) + "\n", planned


# ---------------------------------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------------------------------

_WRITERS = {"cartes-postales": cartes_postales, "territoria": territoria, "neoterra": neoterra,
            "ressource-web": ressource_web, "diaporama": diaporama}


@dataclass
class SynthDocument:
    name: str
    family: str
    text: str
    initiatives: list[Planned]


def file_name(seed: int, unit: int, index: int, family: str) -> str:
    digest = hashlib.sha256(f"{seed}:{unit}:{family}".encode()).hexdigest()[:16]
    return f"{unit * len(UNIT) + index:06d}_{digest}.txt"


def document(seed: int, unit: int, family: str) -> SynthDocument:
    """One synthetic document (pure function of its arguments)."""
    index = FAMILIES.index(family)
    n = dict(UNIT)[family]
    text, planned = _WRITERS[family](Draw(seed, unit, family), n)
    return SynthDocument(file_name(seed, unit, index, family), family, text, planned)


def documents(scale: int, seed: int = 0):
    for unit in range(scale):
        for family in FAMILIES:
            yield document(seed, unit, family)


def generate(scale: int, out: Path | str, seed: int = 0) -> list[SynthDocument]:
    """Write `scale` units into `out` (created if needed) and the manifest `.synth.json`; the files of a previous
    synthetic corpus listed in an existing manifest and not part of this one are removed (other files are left
    alone). Returns the documents (with their planned initiatives)."""
    if scale < 1:
        raise ValueError("scale must be ≥ 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous: set[str] = set()
    if (out / MANIFEST).exists():
        try:
            previous = {d["file"] for d in read_manifest(out)["documents"]}
        except (ValueError, KeyError, TypeError):
            previous = set()
    docs = []
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "documents": []}
    for doc in documents(scale, seed):
        path = out / doc.name
        data = doc.text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        manifest["documents"].append({"file": doc.name, "family": doc.family,
                                      "initiatives": [asdict(p) for p in doc.initiatives]})
        doc.text = ""  # keep memory flat for large scales
        docs.append(doc)
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    for name in sorted(previous - {d.name for d in docs}):
        if "/" not in name and name.endswith(".txt"):
            (out / name).unlink(missing_ok=True)
    return docs


def read_manifest(directory: Path | str) -> dict:
    return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
