#!/usr/bin/env bash
# Installs the external tools the integration tests use (Debian packages), when they are missing:
#   virtuoso-opensource-7  Virtuoso 7 SPARQL server (tests/test_push.py)
#   raptor2-utils          rapper, independent RDF parser (tests/test_bundle.py)
#   libapache-jena-java    Jena riot, independent RDF / JSON-LD parser (tests/test_bundle.py), + a Java runtime
#   chromium               headless browser for the query editor page and the site (tests/test_serve.py,
#                          tests/test_site_browser.py)
#   chromium-driver        chromedriver, for Selenium to drive chromium (tests/test_site_browser.py)
#   libreoffice-calc       opens the published workbook isgraph.xlsx headless (tests/test_workbook.py)
#   libreoffice-writer-nogui  writes the Word 97-2003 (.doc) files the .doc reader is tested on
#                          (tests/test_ingest_worddoc.py), and converts Word documents to PDF for the bench
# The Oxigraph server (PyPI `oxigraph`) comes with the test extras (`make setup-test`).
# With INSTALL_BENCH=1 also the tools bench/ingest_formats.py compares (no test needs them):
#   poppler-utils          pdftotext (PDF text extraction, compared with pypdf)
# Safe to re-run: prints what is present and installs only what is missing. Requires root and apt-get.
set -uo pipefail
say() { echo "install-servers: $*"; }
need=()
check() {  # check COMMAND PACKAGE
  if command -v "$1" >/dev/null 2>&1; then say "$1 present ($(command -v "$1"))"; else need+=("$2"); fi
}
check rapper raptor2-utils
check virtuoso-t virtuoso-opensource-7
check chromium chromium
check chromedriver chromium-driver
check java default-jre-headless
if [ -x /usr/lib/libreoffice/program/scalc ] || [ -f /usr/lib/libreoffice/program/libsclo.so ]; then
  say "LibreOffice Calc present"
else
  need+=(libreoffice-calc)
fi
if [ -f /usr/lib/libreoffice/program/libswlo.so ]; then
  say "LibreOffice Writer present"
else
  need+=(libreoffice-writer-nogui)
fi
if [ "${INSTALL_BENCH:-0}" = 1 ]; then
  check pdftotext poppler-utils
fi
if [ -f /usr/share/java/jena-core.jar ] || command -v riot >/dev/null 2>&1; then
  say "Jena present"
else
  need+=(libapache-jena-java)
fi
if [ ${#need[@]} -eq 0 ]; then say "nothing to install"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "cannot install ${need[*]} (needs root and apt-get); the tests that need them will be skipped"; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
apt-get update -qq >/dev/null || { say "apt-get update failed"; exit 1; }
say "apt-get install ${need[*]}"
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || { say "apt-get install failed"; exit 1; }
# the Debian package starts no Virtuoso daemon in containers; if a system one runs, the tests do not use it
say "done"
