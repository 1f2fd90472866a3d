"""What `isgraph serve` refuses before a query runs, and how its workers are kept off the network.

* `check_query`: a query is run only if rdflib's SPARQL 1.1 parser reads it and its parse has no SERVICE pattern
  (and the SERVICE keyword is not in its text outside strings, IRIs and comments); nesting is capped first;
* `isolate_network`: a worker process moves into a network namespace of its own (Linux);
* `HostGuard`: requests whose Host header is not an allowed name get 421 (DNS rebinding).
"""

from __future__ import annotations

import re

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")


# ---- what a request may ask for -----------------------------------------------------------------------------

# leftmost-first: long strings, short strings, IRI references, comments, and `\x` escapes (legal only inside
# prefixed names: `ex:a\'` or `ex:a\#` must not open a string or a comment); everything else is query text
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
    r"|\\.",
    re.DOTALL,
)
# SERVICE as a keyword: not the end of a longer name or variable (`?service`, `ex:service`, `service_x`). A `.` or
# `-` before it counts as a separator, so `ex:a.SERVICE` (one prefixed name) is refused too: when in doubt, refuse.
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def strip_literals(query: str) -> str:
    """The query with strings, IRIs, comments and escapes blanked out (keywords stay where they were)."""

    def blank(m: re.Match) -> str:
        text = m.group(0)
        if text.startswith("#"):
            return " " * len(text)
        if text.startswith("\\"):
            return "__"  # inside a prefixed name: glue it to its neighbours
        return '""'

    return _TOKENS.sub(blank, query)


def _decode_escapes(query: str) -> str:
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "?"

    return _UNICODE_ESCAPE.sub(char, query)


def uses_service_text(query: str) -> bool:
    """Whether the SERVICE keyword appears in the query text outside strings, IRIs and comments, as written or with
    its \\u / \\U escapes decoded. A second, independent opinion: `check_query` refuses a query when either this
    scan or the parser finds SERVICE (the decision rests on the parse; this only ever refuses more)."""
    return any(_SERVICE.search(strip_literals(text)) for text in (query, _decode_escapes(query)))


_OPEN, _CLOSE = "{([", "})]"


def nesting_depth(query: str) -> int:
    """Deepest nesting of braces, parentheses and brackets outside strings, IRIs and comments."""
    depth = deepest = 0
    for ch in strip_literals(_decode_escapes(query)):
        if ch in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


class Refused(Exception):
    """A query the endpoint will not run: HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _parsed_has_service(tree) -> bool:
    """Walk rdflib's parse tree (CompValue / ParseResults / lists, iteratively) for a ServiceGraphPattern."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def check_query(query: str, max_nesting: int = 64) -> None:
    """Raise `Refused` unless `query` is a SPARQL 1.1 query (no update) without SERVICE anywhere.

    The query is parsed by rdflib's SPARQL 1.1 parser, \\u escapes included, and its parse tree searched for a
    SERVICE pattern (in sub-queries, GRAPH, OPTIONAL, UNION, MINUS, EXISTS, ... alike). A text that parser cannot
    read is refused (400) rather than given to the engine; so is one nested deeper than `max_nesting` (the parser
    recurses on nesting)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    depth = nesting_depth(query)
    if depth > max_nesting:
        raise Refused(400, f"query nested too deeply ({depth} levels of brackets; the cap is {max_nesting})")
    if uses_service_text(query):
        raise Refused(403, "SERVICE (federated query) is disabled on this endpoint")
    try:
        tree = parseQuery(query)
    except ParseBaseException as exc:
        raise Refused(400, f"SPARQL syntax error: {str(exc).splitlines()[0][:300]}") from None
    except RecursionError:
        raise Refused(400, "query nested too deeply for the parser") from None
    except Exception as exc:  # anything the parser trips on is refused, never run
        raise Refused(400, f"SPARQL syntax error: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}") from None
    if _parsed_has_service(tree):
        raise Refused(403, "SERVICE (federated query) is disabled on this endpoint")


def uses_service(query: str) -> bool:
    """Whether the endpoint refuses `query` as possibly federated: SERVICE in its parse (or in its text outside
    strings, IRIs and comments), or no parse at all (what cannot be parsed is never run)."""
    try:
        check_query(query, max_nesting=10**9)
    except Refused:
        return True
    return False


def isolate_network() -> bool:
    """Move this process into a network namespace of its own (only a loopback interface, down): no socket it
    opens can reach any host. Linux only; needs root or unprivileged user namespaces. Returns whether it worked."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        clone_newnet, clone_newuser = 0x40000000, 0x10000000
        if libc.unshare(clone_newnet) == 0:
            return True
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except Exception:
        return False


def allowed_hosts(extra=()) -> frozenset[str]:
    """Host header names the endpoint answers (lower case, no port): the localhost names and `extra`."""
    names = set(LOCAL_HOSTS)
    for name in extra:
        name = name.strip().lower().rstrip(".")
        if name:
            names.add(name)
            if ":" in name and not name.startswith("["):  # a bare IPv6 address
                names.add(f"[{name}]")
    return frozenset(names)


def host_name(header: str) -> str:
    """The host part of a Host header, lower case, port removed ('[::1]:7878' -> '[::1]')."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        return header[:end + 1] if end > 0 else header
    return header.rsplit(":", 1)[0].rstrip(".") if ":" in header else header.rstrip(".")


class HostGuard:
    """ASGI middleware: refuse (421) a request whose Host header is not an allowed name (against DNS rebinding:
    a page on evil.example whose name is rebound to 127.0.0.1 sends `Host: evil.example`). A request without a
    Host header (HTTP/1.0) is let through: browsers always send one."""

    def __init__(self, app, allowed: frozenset[str]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            host = None
            for key, value in scope.get("headers", []):
                if key == b"host":
                    host = value.decode("latin-1")
                    break
            if host is not None and host_name(host) not in self.allowed:
                from starlette.responses import PlainTextResponse

                response = PlainTextResponse(
                    f"misdirected request: this endpoint does not answer for host {host_name(host)!r} "
                    "(start it with --allow-host NAME to add a name)\n", status_code=421,
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
