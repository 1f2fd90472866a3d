"""Publication: deterministic Turtle, N-Triples and JSON-LD (+ its @context file), written atomically.

Determinism: no blank nodes in the published graph; N-Triples lines sorted; JSON-LD nodes and keys sorted;
Turtle produced by rdflib from the same sorted input with fixed prefixes.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from isgraph.publication.jsontext import dumps_indented
from isgraph.namespaces import DEFAULT_BASE, all_prefixes, bind_prefixes

CONTEXT_FILE = "isgraph.context.jsonld"


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(t) -> str:
    """A term in canonical N-Triples form (rdflib's n3() writes multi-line literals as Turtle long strings)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        text = '"' + str(t).translate(_NT_ESCAPES) + '"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{t.datatype}>"
        return text
    raise ValueError(f"blank nodes are not published: {t!r}")


class _Rows:
    """A read-only sequence of triples held as three columns of term ranks (4 bytes each): row i is
    (terms[s[i]], terms[p[i]], terms[o[i]]).  What `Publication.triples` (rdflib terms) and `Publication.keys`
    (N-Triples forms) are: 12 bytes a triple instead of a tuple of three references (72 bytes) per view."""

    __slots__ = ("_s", "_p", "_o", "_terms")

    def __init__(self, s, p, o, terms: list):
        self._s, self._p, self._o, self._terms = s, p, o, terms

    def __len__(self) -> int:
        return len(self._s)

    def __getitem__(self, i: int) -> tuple:
        t = self._terms
        return t[self._s[i]], t[self._p[i]], t[self._o[i]]

    def __iter__(self):
        get = self._terms.__getitem__
        return zip(map(get, self._s), map(get, self._p), map(get, self._o))


class Publication:
    """The graph's triples sorted once, each distinct term converted once: every serialisation reads from here.

    Order: subject, then predicate, then object, compared on their N-Triples forms (so `isgraph.nt` is sorted and
    diffable); Turtle, TriG and JSON-LD take the same order with each subject's rdf:type triples moved first.
    The N3 form and the Oxigraph term of a node are computed once per distinct term (a graph of millions of triples
    has a few hundred thousand terms), which is what keeps serialisation linear with a small constant.

    Memory: the distinct N-Triples forms are sorted once and each triple is kept as the ranks of its three terms
    in that order (three `array('I')` columns, 12 bytes a triple): comparing ranks is comparing the forms, so
    sorting the triples is sorting integers (one Python int per triple while it lasts).  `triples` and `keys` are
    views over the columns (`_Rows`).
    """

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE):
        self.graph = graph
        self.base = base
        n3: dict = {}  # rdflib term -> N-Triples form
        get = n3.get
        for s, p, o in graph:
            if get(s) is None:
                n3[s] = nt_term(s)
            if get(p) is None:
                n3[p] = nt_term(p)
            if get(o) is None:
                n3[o] = nt_term(o)
        self.n3 = n3
        forms = sorted(set(n3.values()))  # plain strings: compared in C (rdflib terms compare in Python code)
        rank_of_form = {f: i for i, f in enumerate(forms)}
        rank = {t: rank_of_form[f] for t, f in n3.items()}  # terms of one form share its rank (and its lines)
        del rank_of_form
        terms: list = [None] * len(forms)
        for t, r in rank.items():
            if terms[r] is None:
                terms[r] = t
        col_s, col_p, col_o = _sorted_columns(graph, rank, len(forms))
        del rank
        self._forms, self._terms_by_rank = forms, terms
        self._cols = (col_s, col_p, col_o)
        self.triples = _Rows(col_s, col_p, col_o, terms)  # rdflib terms, sorted
        self.keys = _Rows(col_s, col_p, col_o, forms)  # the N-Triples forms of self.triples
        self._ox: list = [None] * len(forms)  # rank -> Oxigraph term
        self._rdf_type = self._rank_of(f"<{RDF.type}>")  # None when no triple has rdf:type
        self._grouped = None
        self._jsonld_by_rank: dict | None = None
        self._context: dict | None = None
        self._terms: dict = {}
        self._class_terms: dict = {}
        self._jsonld_prefixes: dict = {}

    def __len__(self) -> int:
        return len(self.triples)

    def _rank_of(self, form: str) -> int | None:
        """The rank of an N-Triples form among the graph's terms (None: no term of the graph has it)."""
        from bisect import bisect_left

        i = bisect_left(self._forms, form)
        return i if i < len(self._forms) and self._forms[i] == form else None

    # ---- orders ---------------------------------------------------------------------------------------------
    def grouped(self):
        """Positions of the sorted triples with, inside each subject, rdf:type first (Turtle / TriG / JSON-LD)."""
        if self._grouped is None:
            from array import array

            col_p = self._cols[1]
            rdf_type = self._rdf_type
            out = array("I")
            for i, j in self.subject_runs(range(len(col_p))):
                typed = [k for k in range(i, j) if col_p[k] == rdf_type]
                if typed:
                    out.extend(typed)
                    out.extend(k for k in range(i, j) if col_p[k] != rdf_type)
                else:
                    out.extend(range(i, j))
            self._grouped = out
        return self._grouped

    def subject_runs(self, order):
        """(start, end) of each run of one subject in `order` (positions, e.g. `grouped()`)."""
        col_s = self._cols[0]
        i, n = 0, len(order)
        while i < n:
            s = col_s[order[i]]
            j = i + 1
            while j < n and col_s[order[j]] == s:
                j += 1
            yield i, j
            i = j

    def document_groups(self, document_class, derived_from) -> dict:
        """graph name (N-Triples form of a document IRI, or None) -> positions in the grouped order.

        A triple goes to the graph of the document its subject was derived from (or that is the document itself),
        failing that, of its object; everything else to the default graph (None)."""
        from array import array

        col_s, col_p, col_o = self._cols
        forms = self._forms
        rdf_type, doc_class = self._rdf_type, self._rank_of(f"<{document_class}>")
        derived = self._rank_of(f"<{derived_from}>")
        docs = {col_s[i] for i in range(len(col_s)) if col_o[i] == doc_class and col_p[i] == rdf_type} \
            if rdf_type is not None and doc_class is not None else set()
        origin: dict = {d: (d,) for d in docs}
        if derived is not None:
            for i in range(len(col_s)):
                if col_p[i] == derived and col_o[i] in docs:
                    s = col_s[i]
                    origin[s] = tuple(sorted(set(origin.get(s, ())) | {col_o[i]}))
        by_rank: dict = {}
        none = (None,)
        for i in self.grouped():
            for g in origin.get(col_s[i]) or origin.get(col_o[i]) or none:
                positions = by_rank.get(g)
                if positions is None:
                    positions = by_rank[g] = array("I")
                positions.append(i)
        return {(forms[g] if g is not None else None): positions for g, positions in by_rank.items()}

    # ---- terms ----------------------------------------------------------------------------------------------
    def _ox_rank(self, r: int):
        out = self._ox[r]
        if out is None:
            out = self._ox[r] = _ox_term(self._terms_by_rank[r])
        return out

    def ox_triple(self, i: int):
        import pyoxigraph as ox

        col_s, col_p, col_o = self._cols
        return ox.Triple(self._ox_rank(col_s[i]), self._ox_rank(col_p[i]), self._ox_rank(col_o[i]))

    def ox_triples(self):
        for i in self.grouped():
            yield self.ox_triple(i)

    def term_texts(self) -> set[str]:
        """The lexical form of every distinct term (what a personal-data check of the serialisations must read)."""
        return {str(t) for t in self.n3}

    # ---- N-Triples ------------------------------------------------------------------------------------------
    def ntriples_lines(self):
        for ks, kp, ko in self.keys:
            yield f"{ks} {kp} {ko} .\n"

    def ntriples(self) -> str:
        return "".join(self.ntriples_lines())

    def write_ntriples(self, path: Path, chunk: int = 10_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            buf = []
            for line in self.ntriples_lines():
                buf.append(line)
                if len(buf) >= chunk:
                    f.write("".join(buf))
                    buf.clear()
            f.write("".join(buf))

    # ---- Turtle ---------------------------------------------------------------------------------------------
    def turtle_bytes(self) -> bytes:
        """Turtle written by Oxigraph: subjects grouped, rdf:type first, fixed prefixes in sorted order."""
        import pyoxigraph as ox

        data = ox.serialize(self.ox_triples(), format=ox.RdfFormat.TURTLE, prefixes=all_prefixes(self.base))
        return _sort_prefix_header(data)

    def write_turtle(self, path: Path) -> None:
        """`turtle_bytes()` streamed to `path` (no copy of the whole text in memory)."""
        import pyoxigraph as ox

        serialize_sorted_prefixes(path, self.ox_triples(), ox.RdfFormat.TURTLE, all_prefixes(self.base))

    def turtle(self) -> str:
        return self.turtle_bytes().decode("utf-8")

    # ---- JSON-LD --------------------------------------------------------------------------------------------
    def jsonld_context(self) -> dict:
        """Prefixes and a short term per property and class, with its value coercion (see isgraph.publication.jsonld_terms)."""
        if self._context is None:
            from isgraph.publication.jsonld_terms import terms_for

            self._context, self._terms, self._class_terms, self._jsonld_prefixes = terms_for(
                self.keys, all_prefixes(self.base))
        return self._context

    def jsonld_node(self, positions, curie) -> dict:
        """The node object of one subject (its triples at these positions of self.triples), keys sorted."""
        self.jsonld_context()
        class_terms = self._class_terms
        by_rank = self._jsonld_predicates()
        rdf_type = self._rdf_type
        col_s, col_p, col_o = self._cols
        terms = self._terms_by_rank
        xsd_string = str(XSD.string)
        node: dict = {"@id": curie(terms[col_s[positions[0]]])} if len(positions) else {}
        for pos in positions:
            rp = col_p[pos]
            o = terms[col_o[pos]]
            if rp == rdf_type:
                node.setdefault("@type", []).append(class_terms.get(str(o)) or curie(o))
                continue
            name, c = by_rank[rp]
            if type(o) is URIRef or isinstance(o, URIRef):
                value = curie(o) if c == ("id",) else {"@id": curie(o)}
            else:
                lang = o.language
                if lang:
                    value = str(o) if c == ("lang", lang) else {"@value": str(o), "@language": lang}
                else:
                    dt = o.datatype
                    if dt is not None and str.__ne__(dt, xsd_string):
                        if c is not None and c[0] == "type" and str.__eq__(c[1], dt):
                            value = _native(str(o), dt)  # JSON numbers / booleans where the lexical form allows
                        else:
                            value = {"@value": str(o), "@type": curie(dt)}
                    else:
                        value = str(o) if c is None else {"@value": str(o)}
            values = node.get(name)
            if values is None:
                node[name] = [value]
            else:
                values.append(value)
        clean = {}
        for k in sorted(node, key=lambda k: (not k.startswith("@"), k)):
            v = node[k]
            clean[k] = v[0] if isinstance(v, list) and len(v) == 1 else v
        return clean

    def _jsonld_predicates(self) -> dict:
        """predicate rank -> (term name, value coercion) of the JSON-LD context (computed once)."""
        found = self._jsonld_by_rank
        if found is None:
            self.jsonld_context()
            found = {}
            for rp in set(self._cols[1]):
                term = self._terms.get(str(self._terms_by_rank[rp]))
                if term is not None:
                    found[rp] = (term.name, term.coercion)
            self._jsonld_by_rank = found
        return found

    def jsonld_curie(self):
        """IRI -> compact IRI with the JSON-LD context's prefixes (memoised)."""
        self.jsonld_context()
        prefixes = self._jsonld_prefixes
        memo: dict = {}

        def curie(iri) -> str:  # the same IRIs come back thousands of times (memo on the plain string)
            iri = str(iri)
            found = memo.get(iri)
            if found is None:
                found = memo[iri] = _curie(iri, prefixes)
            return found

        return curie

    def jsonld_chunks(self, context_ref: str = CONTEXT_FILE):
        """The JSON-LD document in pieces: one node object (`@graph` member) per subject, in subject order.

        Same text as `json.dumps({"@context": ..., "@graph": [...]}, indent=1, ensure_ascii=False)` would give:
        keys "@..." first then sorted, values in the triples' order, a single value written without a list."""
        curie = self.jsonld_curie()
        yield "{\n" + f' "@context": {json.dumps(context_ref, ensure_ascii=False)},\n "@graph": ['
        first = True
        order = self.grouped()
        for i, j in self.subject_runs(order):
            clean = self.jsonld_node(order[i:j], curie)
            text = dumps_indented(clean, "  ")
            yield ("\n  " if first else ",\n  ") + text
            first = False
        yield ("\n ]\n}\n" if not first else "]\n}\n")

    def jsonld(self, context_ref: str = CONTEXT_FILE) -> str:
        return "".join(self.jsonld_chunks(context_ref))

    def write_jsonld(self, path: Path, context_ref: str = CONTEXT_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for piece in self.jsonld_chunks(context_ref):
                f.write(piece)


def _sorted_columns(graph: Graph, rank: dict, n_terms: int) -> tuple:
    """The graph's triples as three `array('I')` columns of term ranks, sorted (subject, predicate, object).

    The build's working graph (a CompactStore) is read subject by subject from its spo index, in rank order: only
    one subject's triples are sorted at a time.  Any other graph: one packed integer per triple, sorted."""
    from array import array

    from isgraph.rdf.compact import is_compact

    bits = max(1, (n_terms - 1).bit_length())
    mask = (1 << bits) - 1
    col_s, col_p, col_o = array("I"), array("I"), array("I")
    if is_compact(graph):
        spo = graph.store.spo
        for r_s, s in sorted((rank[s], s) for s in spo):  # a subject is an IRI: its rank is its own
            pairs = sorted([rank[p] << bits | rank[o] for p, objs in spo[s].items() for o in objs])
            col_s.extend([r_s] * len(pairs))
            col_p.extend([k >> bits for k in pairs])
            col_o.extend([k & mask for k in pairs])
        return col_s, col_p, col_o
    packed = [(rank[s] << bits | rank[p]) << bits | rank[o] for s, p, o in graph]
    packed.sort()
    two = 2 * bits
    col_s.extend([k >> two for k in packed])
    col_p.extend([k >> bits & mask for k in packed])
    col_o.extend([k & mask for k in packed])
    return col_s, col_p, col_o


def _ox_term(t):
    """The Oxigraph term of an rdflib IRI or literal."""
    import pyoxigraph as ox

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if not isinstance(t, Literal):
        raise ValueError(f"blank nodes are not published: {t!r}")
    if t.language:
        return ox.Literal(str(t), language=t.language)
    if t.datatype is not None:
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
    return ox.Literal(str(t))


def _native(lexical: str, datatype):
    """A JSON number (xsd:integer) or boolean (xsd:boolean) when it expands back to this very lexical form, else
    the string (decimals stay strings: a JSON number with a fraction would expand to xsd:double)."""
    if datatype == XSD.integer and re.fullmatch(r"-?(?:0|[1-9][0-9]*)", lexical) and abs(int(lexical)) < 2 ** 53:
        return int(lexical)
    if datatype == XSD.boolean and lexical in ("true", "false"):
        return lexical == "true"
    return lexical


def _sort_prefix_header(data: bytes) -> bytes:
    """Prefix lines in sorted order whatever order the serializer wrote them in."""
    lines = []
    pos = 0
    while data.startswith(b"@prefix ", pos):
        end = data.index(b"\n", pos) + 1
        lines.append(data[pos:end])
        pos = end
    return b"".join(sorted(lines)) + data[pos:]


def serialize_sorted_prefixes(path: Path, items, rdf_format, prefixes: dict, header: bytes = b"") -> None:
    """`header` + Oxigraph's serialisation of `items` written to `path` as it is produced, then its prefix lines
    put in sorted order in place (the same lines, the same length: `_sort_prefix_header` of the whole text)."""
    import pyoxigraph as ox

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w+b") as f:
        f.write(header)
        ox.serialize(items, f, format=rdf_format, prefixes=prefixes)
        f.flush()
        start = len(header)
        size = f.seek(0, os.SEEK_END)
        f.seek(start)
        head = f.read(min(size - start, 1 << 20))
        while head.count(b"\n") <= len(prefixes) and start + len(head) < size:  # the prefix lines, whole
            head += f.read(1 << 20)
        fixed = _sort_prefix_header(head)
        if fixed != head:
            f.seek(start)
            f.write(fixed)


def sorted_ntriples(graph: Graph) -> str:
    return Publication(graph).ntriples()


def canonical_graph(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """A fresh graph with the triples added in sorted order and fixed prefixes (stable Turtle output)."""
    out = Graph()
    bind_prefixes(out, base)
    for t in sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        out.add(t)
    return out


def to_oxigraph_triples(graph: Graph):
    """rdflib triples -> pyoxigraph triples, sorted (subject, rdf:type first, predicate, object)."""
    return list(Publication(graph).ox_triples())


def turtle(graph: Graph, base: str = DEFAULT_BASE) -> str:
    """Turtle written by Oxigraph (fast) from sorted triples: subjects grouped, rdf:type first, fixed prefixes."""
    return Publication(graph, base).turtle()


# ---- JSON-LD -------------------------------------------------------------------------------------------------

def _curie(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(prefixes[best]):]
    return f"{best}:{local}"


def jsonld_context(graph: Graph, base: str = DEFAULT_BASE) -> dict:
    return Publication(graph, base).jsonld_context()


def jsonld(graph: Graph, context_ref: str = CONTEXT_FILE, base: str = DEFAULT_BASE) -> str:
    return Publication(graph, base).jsonld(context_ref)


# ---- atomic output directory -----------------------------------------------------------------------------------

MARKER = ".isgraph-output"  # written into every output directory: only such a directory is replaced without --force
MARKER_TEXT = "This directory was written by isgraph; the next build into it replaces it whole.\n"
# what older isgraph versions wrote (no marker yet): a directory holding only these is recognised as an output
_OUTPUT_NAMES = {"isgraph.ttl", "isgraph.nt", "isgraph.jsonld", CONTEXT_FILE, "isgraph.trig", "report.txt",
                 "catalog.ttl", "datapackage.json", "SHA256SUMS", "ontology", "store", "initiatives.csv",
                 "acteurs.csv", "financements.csv", "territoires.csv", "roles.csv", "documents.csv"}
_PSEUDO_FS = ("/proc", "/sys", "/dev")


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def _is_output(directory: Path) -> bool:
    """Whether `directory` (existing) is empty or an isgraph output (marker, or only the files isgraph writes)."""
    try:
        names = {p.name for p in directory.iterdir()}
    except OSError:
        return False
    if not names or MARKER in names:
        return True
    return names <= _OUTPUT_NAMES and bool(names & {"isgraph.ttl", "isgraph.nt"})


def check_output(out: Path, sources=(), force: bool = False) -> Path:
    """The resolved output directory, or an `InputError` naming it when writing there could destroy the user's
    files: the root, a pseudo-filesystem, a path under a regular file, an existing file, a directory that holds
    (or is inside) an input or the current directory, or a non-empty directory that is not an isgraph output
    (allowed with `force`)."""
    from isgraph.errors import InputError

    given = out
    out = _resolved(out)
    if out.parent == out:
        raise InputError("refusing to replace the root directory with the output", path=given)
    if any(out == Path(fs) or Path(fs) in out.parents for fs in _PSEUDO_FS):
        raise InputError("refusing to write the output on a system pseudo-filesystem", path=given)
    for parent in out.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise InputError(f"cannot write the output under {parent}: it is not a directory", path=given)
            break
    if out.exists() and not out.is_dir():
        raise InputError("the output exists and is not a directory (refusing to replace a file)", path=given)
    cwd = _resolved(Path.cwd())
    if out == cwd or out in cwd.parents:
        raise InputError("the output would replace the current directory or one of its parents", path=given)
    for source in sources:
        src = _resolved(Path(source))
        if out == src or out in src.parents:
            raise InputError(f"the output would replace the input {source}", path=given)
        if src in out.parents:
            raise InputError(f"the output must not be inside the input directory {source}", path=given)
    if out.is_dir() and not force and not _is_output(out):
        raise InputError(f"the output is a non-empty directory that isgraph did not write (no {MARKER}); "
                         "choose another --out or add --force to replace it", path=given)
    return out


_HELD_LOCKS: dict[str, list] = {}  # lock file -> [open file, depth]: the lock is reentrant within one process


def lock_path(out: Path) -> Path:
    out = _resolved(out)
    return out.parent / f".{out.name}.lock"


@contextmanager
def output_lock(out: Path):
    """Hold the lock of output directory `out` (a `.NAME.lock` file beside it, fcntl.flock): a second build into the
    same directory fails with one line instead of mixing its files with the first one's."""
    from isgraph.errors import InputError

    check_output(out, force=True)  # nothing is created at `/`, under a file or on /proc, even a lock
    path = lock_path(out)
    key = str(path)
    if key in _HELD_LOCKS:
        _HELD_LOCKS[key][1] += 1
        try:
            yield path
        finally:
            _HELD_LOCKS[key][1] -= 1
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield path
        return
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "a+b")
        except OSError as exc:
            raise InputError(f"cannot create the output: {exc.strerror or exc}", path=out) from None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise InputError(f"another isgraph build is writing this output (lock {path}); wait for it to "
                             "finish", path=out) from None
        try:  # the holder before us removes the file as it leaves: make sure ours is still the one at `path`
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break
        except FileNotFoundError:
            pass
        handle.close()
    _HELD_LOCKS[key] = [handle, 1]
    try:
        yield path
    finally:
        del _HELD_LOCKS[key]
        try:
            os.unlink(path)  # while still holding the lock: no lock file is left behind
        except OSError:
            pass
        handle.close()  # releases the flock


def _leftovers(out: Path) -> list[Path]:
    """Temporary and old directories that a killed build left beside `out`."""
    prefixes = (f".{out.name}.tmp-", f".{out.name}.old-")
    try:
        return [p for p in out.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink()]
    except OSError:
        return []


@contextmanager
def staged_directory(out: Path, force: bool = False):
    """Yield a temporary directory beside `out`; on success it replaces `out` atomically (the old one is removed).

    If the body raises, `out` is left untouched and the temporary directory is removed. `out` is checked first
    (`check_output`) and locked while it is written (`output_lock`); what a killed earlier build left beside it is
    removed. The swap is one `renameat2(RENAME_EXCHANGE)` on Linux: killed at any moment, `out` holds the old or
    the new version, never nothing (elsewhere, two renames).
    """
    from isgraph.errors import InputError

    given = out
    out = check_output(out, force=force)
    with output_lock(out):
        for stale in _leftovers(out):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        except OSError as exc:
            raise InputError(f"cannot create the output: {exc.strerror or exc}", path=given) from None
        try:
            yield tmp
            (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        replace_directory(tmp, out)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "armv7l": 382, "i686": 353, "ppc64le": 357, "s390x": 347}


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux renameat2 RENAME_EXCHANGE). False when the system or the
    filesystem cannot; OSError for a real failure."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import platform

        libc = ctypes.CDLL(None, use_errno=True)
        args = (_AT_FDCWD, os.fsencode(str(a)), _AT_FDCWD, os.fsencode(str(b)), _RENAME_EXCHANGE)
        if hasattr(libc, "renameat2"):  # glibc >= 2.28
            rc = libc.renameat2(ctypes.c_int(args[0]), ctypes.c_char_p(args[1]), ctypes.c_int(args[2]),
                                ctypes.c_char_p(args[3]), ctypes.c_uint(args[4]))
        elif platform.machine() in _SYS_RENAMEAT2:
            rc = libc.syscall(ctypes.c_long(_SYS_RENAMEAT2[platform.machine()]), ctypes.c_int(args[0]),
                              ctypes.c_char_p(args[1]), ctypes.c_int(args[2]), ctypes.c_char_p(args[3]),
                              ctypes.c_uint(args[4]))
        else:
            return False
    except (OSError, AttributeError):
        return False
    if rc == 0:
        return True
    import errno

    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # not supported here: the caller falls back
    raise OSError(err, os.strerror(err), str(b))


def replace_directory(new: Path, out: Path) -> None:
    """Put directory `new` at `out`. An existing `out` is exchanged with `new` in one atomic step where the system
    allows it (then removed from its temporary name), else moved aside and removed (two renames)."""
    if not os.path.lexists(out):
        os.rename(new, out)
        return
    if exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old version
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
