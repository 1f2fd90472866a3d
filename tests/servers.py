"""Test helpers: real servers and independent tools, started on 127.0.0.1 free ports and stopped afterwards.

Fixtures (import them into a test module to use them):
  oxigraph_server   `oxigraph serve` (PyPI `oxigraph`), read-write, in a temporary directory
  virtuoso_server   Virtuoso Open Source 7 (Debian `virtuoso-opensource-7`) with a temporary virtuoso.ini / database
Helpers: free_port, wait_http, start_isgraph_serve, riot_command, rapper_binary, chromium_binary.

Every server binds 127.0.0.1 only; a missing binary skips the test with the reason and the way to install it
(`scripts/install-servers.sh`, which `.ci/run` calls before `make test`). Nothing here touches the network.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
INSTALL_HINT = "run scripts/install-servers.sh (Debian, as root) or `make setup-test`"
LOCAL = "127.0.0.1"


def which(name: str) -> str | None:
    return shutil.which(name, path=os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCAL, 0))
        return s.getsockname()[1]


def _no_proxy_opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll `url` until it answers (any HTTP status) or `timeout` passes or `proc` exits."""
    opener = _no_proxy_opener()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            opener.open(url, timeout=2).close()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.2)
    return False


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    root: str  # http://127.0.0.1:PORT
    workdir: Path
    log: Path

    def url(self, path: str) -> str:
        return self.root + path

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, grace: float = 20.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _start(name: str, cmd: list[str], workdir: Path, port: int, ready_path: str, timeout: float,
           env: dict | None = None) -> Server:
    log = workdir / f"{name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env)
    server = Server(name, proc, port, f"http://{LOCAL}:{port}", workdir, log)
    if not wait_http(server.url(ready_path), timeout, proc):
        server.stop(5)
        pytest.fail(f"{name} did not start on {server.root} within {timeout:g} s:\n{server.log_tail()}")
    return server


def normalise(rows) -> list[tuple]:
    """SPARQL result rows as sorted comparable tuples; GROUP_CONCAT cells (unordered by the spec) as sorted parts."""
    import re

    out = []
    for row in rows:
        cells = []
        for v in row:
            text = "" if v is None else str(v)
            parts = re.split(r", | ; ", text)
            cells.append("|".join(sorted(parts)) if len(parts) > 1 else text)
        out.append(tuple(cells))
    return sorted(out)


# ---- Oxigraph server (PyPI `oxigraph`) ----------------------------------------------------------------------

def oxigraph_binary() -> str | None:
    return which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A read-write Oxigraph server (endpoints /query, /update, /store); the default graph is the union of the
    named graphs so the stored queries see a pushed named graph."""
    binary = oxigraph_binary()
    if not binary:
        pytest.skip(f"Oxigraph server binary `oxigraph` not installed (PyPI `oxigraph`; {INSTALL_HINT})")
    work = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    server = _start("oxigraph", [binary, "serve", "--location", str(work / "data"), "--bind", f"{LOCAL}:{port}",
                                 "--union-default-graph"], work, port, "/query?query=ASK%7B%7D", 30)
    yield server
    server.stop()


# ---- Virtuoso Open Source 7 (Debian `virtuoso-opensource-7`) ------------------------------------------------

VIRTUOSO_INI = """[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
{isolation}ServerPort         = {host}:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
DirsAllowed        = .
AllowOSCalls       = 0

[HTTPServer]
ServerPort           = {host}:{http_port}
ServerRoot           = {d}/vsp
ServerThreads        = 10
MaxClientConnections = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 400
"""
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # the fresh database's default; it only listens on 127.0.0.1


def virtuoso_binary() -> str | None:
    return which("virtuoso-t")


def _virtuoso(tmp_path_factory, isolation: int | None):
    binary = virtuoso_binary()
    if not binary:
        pytest.skip(f"Virtuoso `virtuoso-t` not installed (Debian virtuoso-opensource-7; {INSTALL_HINT})")
    work = tmp_path_factory.mktemp("virtuoso")
    (work / "vsp").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = work / "virtuoso.ini"
    line = f"DefaultIsolation   = {isolation}\n" if isolation else ""
    ini.write_text(VIRTUOSO_INI.format(d=work, host=LOCAL, sql_port=sql_port, http_port=http_port, isolation=line))
    return _start("virtuoso", [binary, "+foreground", "+configfile", str(ini)], work, http_port,
                  "/sparql?query=ASK%7B%7D", 120)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    """Virtuoso 7 on a fresh temporary database: SPARQL at /sparql, authenticated update at /sparql-auth and the
    Graph Store Protocol at /sparql-graph-crud-auth (HTTP Digest, dba). It runs at SERIALIZABLE isolation
    (`DefaultIsolation = 8`), the configuration the README gives for swaps that are atomic for readers."""
    server = _virtuoso(tmp_path_factory, 8)
    yield server
    server.stop(30)


@pytest.fixture(scope="module")
def virtuoso_read_committed(tmp_path_factory):
    """The same at Virtuoso's default isolation (DefaultIsolation unset: READ COMMITTED)."""
    server = _virtuoso(tmp_path_factory, None)
    yield server
    server.stop(30)


# ---- `isgraph serve` -----------------------------------------------------------------------------------------

def start_isgraph_serve(graph: Path, workdir: Path, *args: str, timeout: float = 60) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "isgraph.cli", "serve", "--graph", str(graph), "--port", str(port), *args]
    return _start("isgraph-serve", cmd, workdir, port, "/status", timeout)


# ---- independent RDF parsers and the browser ---------------------------------------------------------------

def rapper_binary() -> str | None:
    return which("rapper")


def chromium_binary() -> str | None:
    return which("chromium") or which("chromium-browser") or which("google-chrome")


# the jars of libapache-jena-java and of the Debian packages it depends on (/usr/share/java/NAME.jar)
_JENA_JARS = ["jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-dboe-base", "jena-dboe-index",
              "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction", "jena-iri", "jena-shacl",
              "jena-shex", "jena-tdb", "jena-tdb2", "jena-rdfconnection", "atinject-jsr330-api", "commons-cli",
              "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3", "commons-logging",
              "commons-logging-api", "commons-logging-adapters", "dexx.collection", "error_prone_annotations",
              "gson", "guava", "httpclient", "httpclient-cache", "httpcore", "httpcore-nio", "fluent-hc",
              "jackson-annotations", "jackson-core", "jackson-databind", "jsonld-java", "jakarta.json-api", "jsr305",
              "protobuf", "protobuf-util", "servlet-api", "slf4j-api", "slf4j-simple", "thrift", "titanium-json-ld"]
# any HTTP fetch attempted by the JVM goes to a dead proxy: the parsers never reach the network
_JAVA_NO_NET = ["-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=9", "-Djava.net.useSystemProxies=false"]


def riot_command(workdir: Path | None = None) -> list[str] | None:
    """The command line of Jena's `riot`: the `riot` script when on PATH (Jena distribution), else the Debian
    jars (libapache-jena-java ships no launcher) run with java.

    Debian's jena-core 4.5 relocates its copy of Xerces to the `xerces` package but keeps the message bundles under
    `org/apache/jena/ext/xerces`, so XSD datatype initialisation fails ("internal error"); the bundles are copied
    to the expected place in a small directory added to the class path."""
    script = which("riot")
    if script:
        return [script]
    java = which("java")
    jars = Path("/usr/share/java")
    core = jars / "jena-core.jar"
    if not java or not core.exists():
        return None
    classpath = [str(jars / f"{name}.jar") for name in _JENA_JARS if (jars / f"{name}.jar").exists()]
    fix = Path(workdir or tempfile.mkdtemp(prefix="jena-fix-")) / "jena-xerces-resources"
    if not fix.exists():
        with zipfile.ZipFile(core) as z:
            prefix = "org/apache/jena/ext/xerces/"
            for name in z.namelist():
                if name.startswith(prefix) and name.endswith(".properties"):
                    target = fix / "xerces" / name[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(z.read(name))
    classpath.append(str(fix))
    return [java, *_JAVA_NO_NET, "-cp", os.pathsep.join(classpath), "riotcmd.riot"]


def chromium_command(url: str, profile: Path, *args: str) -> list[str]:
    return [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--disable-default-apps", "--proxy-server=http://127.0.0.1:9",  # loopback is never proxied
            f"--user-data-dir={profile}", *args, url]
