"""The explorer site in headless Chromium (Selenium + Debian chromium-driver), served by `isgraph serve` started by
the tests on 127.0.0.1 (and, for the question form, by a plain static file server). Each step saves a screenshot
under tests/artifacts/site/ (gitignored)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from servers import start_isgraph_serve

ISG = "https://w3id.org/isgraph/ontology#"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "site"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMEDRIVER is None or CHROMIUM is None,
    reason="chromium and chromium-driver not installed (Debian packages; scripts/install-servers.sh)")


@pytest.fixture(scope="module")
def out(built) -> Path:
    return built[1]


@pytest.fixture(scope="module")
def served(out, tmp_path_factory):
    srv = start_isgraph_serve(out / "isgraph.ttl", tmp_path_factory.mktemp("serve-browser"), "--workers", "1")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def static(out):
    """A plain static file server over OUT/ (the site below /site/, as on any static host)."""
    handler = functools.partial(_Quiet, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/site/"
    httpd.shutdown()
    httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
                "--no-proxy-server", "--disable-extensions", "--disable-background-networking", "--lang=fr-FR"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)  # no driver download
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def wait_for(driver, script: str, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def shot(driver, name: str, full: bool = True) -> Path:
    path = ARTIFACTS / f"{name}.png"
    if full:  # the whole page, not only the window
        height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
        width = driver.execute_script("return window.innerWidth")
        driver.set_window_size(max(width, 390), height + 100)
    driver.save_screenshot(str(path))
    return path


def results(driver) -> list[str]:
    """The titles listed, read at once once the page shows the state of its URL."""
    wait_for(driver, "return document.body.getAttribute('data-state') === location.search")
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#resultats li > a')).map(function (a) { return a.textContent; })")


def test_search_facet_and_map(browser, served, seed_graph):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1280, 1400)
    browser.get(served.url("/"))
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    energy = {str(seed_graph.value(i, RDFS.label)) for i in
              seed_graph.subjects(URIRef(ISG + "theme"), URIRef("https://w3id.org/isgraph/theme/precarite-energetique"))}
    box = browser.find_element(By.ID, "q")
    box.send_keys("précarité énergétique", Keys.ENTER)
    wait_for(browser, "return new URLSearchParams(location.search).get('q') === 'précarité énergétique'")
    found = results(browser)
    shot(browser, "1-recherche-precarite-energetique")
    assert energy and energy <= set(found), sorted(energy - set(found))

    # the Hauts-de-France facet narrows the whole list to the initiatives there
    browser.set_window_size(1280, 1400)
    browser.get(served.url("/"))
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    everything = int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-results"))
    browser.find_element(By.CSS_SELECTOR, "input[name=region][value='32']").click()
    wait_for(browser, "return new URLSearchParams(location.search).get('region') === '32'")
    narrowed = results(browser)
    shot(browser, "2-facette-hauts-de-france")
    region = URIRef("https://w3id.org/isgraph/id/territoire/region-32")
    inside = set(seed_graph.subjects(URIRef(ISG + "inclusDans"), region)) | {region}
    expected = {str(seed_graph.value(i, RDFS.label)) for t in inside for i in seed_graph.subjects(URIRef(ISG + "territoire"), t)
                if (i, RDF.type, URIRef(ISG + "Initiative")) in seed_graph}
    assert 0 < len(narrowed) < everything
    assert set(narrowed) == expected
    # the current list can be downloaded as CSV (built in the browser)
    export = browser.find_element(By.ID, "export")
    assert export.is_displayed() and export.get_attribute("href").startswith("blob:")
    # the state is in the URL: reloading it gives the same list
    browser.get(browser.current_url)
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    assert set(results(browser)) == expected

    # a click on a département of the map opens its territory page
    browser.set_window_size(1280, 1400)
    browser.get(served.url("/"))
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    area = browser.find_element(By.CSS_SELECTOR, "#carte a[href*='id/territoire/'] path.c5, #carte a[href*='id/territoire/'] path")
    link = area.find_element(By.XPATH, "..")
    label = link.get_attribute("aria-label").split(" (")[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", area)
    area.click()
    wait_for(browser, "return location.pathname.indexOf('/id/territoire/') >= 0 && !!document.querySelector('h1')")
    assert browser.find_element(By.TAG_NAME, "h1").text == label
    assert "Initiatives ici" in browser.page_source
    shot(browser, "3-carte-clic-territoire")

    # coloured by région, a click opens the région's page
    browser.set_window_size(1280, 1400)
    browser.get(served.url("/"))
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    browser.find_element(By.CSS_SELECTOR, "#niveau input[value=region]").click()
    wait_for(browser, "return document.getElementById('carte-titre').textContent === 'Initiatives par région'")
    area = browser.find_element(By.CSS_SELECTOR, "#carte path[data-code='62']")
    assert area.find_element(By.XPATH, "..").get_dom_attribute("href").endswith("id/territoire/region-32/index.html")
    shot(browser, "3b-carte-par-region")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", area)
    area.click()
    wait_for(browser, "return location.pathname.indexOf('/id/territoire/region-32/') >= 0")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hauts-de-France"


def test_initiative_page_shows_funders_and_provenance_lines(browser, served, seed_graph):
    from selenium.webdriver.common.by import By

    from isgraph.site.pages import node_path

    role = min(seed_graph.subjects(URIRef(ISG + "montant"), None))
    initiative = next(seed_graph.subjects(URIRef(ISG + "role"), role))
    actor = seed_graph.value(role, URIRef(ISG + "acteur"))
    browser.set_window_size(1280, 1400)
    browser.get(served.url("/" + node_path(str(initiative))))  # the IRI's path: 303 to the page
    assert browser.find_element(By.TAG_NAME, "h1").text == str(seed_graph.value(initiative, RDFS.label))
    funders = browser.find_element(By.ID, "financeurs").text
    assert str(seed_graph.value(actor, RDFS.label)) in funders and "€" in funders
    lines = browser.find_elements(By.CSS_SELECTOR, "#provenance ol.source li")
    start = int(seed_graph.value(initiative, URIRef(ISG + "ligneDebut")))
    assert lines and browser.find_element(By.CSS_SELECTOR, "#provenance ol.source").get_attribute("start") == str(start)
    shot(browser, "4-initiative-financeurs-provenance")
    browser.set_window_size(390, 844)  # a phone
    browser.get(browser.current_url)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(browser, "5-initiative-telephone")


def test_search_works_from_the_folder_without_a_server(browser, out, seed_graph):
    """index.html opened from the folder (file://, a double click): browsers refuse fetch() there, the search
    index is read from its .js twin."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1280, 1400)
    browser.get((out / "site" / "index.html").as_uri())
    wait_for(browser, "return document.body.getAttribute('data-ready') !== null")
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true", \
        browser.find_element(By.ID, "etat").text
    energy = {str(seed_graph.value(i, RDFS.label)) for i in
              seed_graph.subjects(URIRef(ISG + "theme"), URIRef("https://w3id.org/isgraph/theme/precarite-energetique"))}
    browser.find_element(By.ID, "q").send_keys("précarité énergétique", Keys.ENTER)
    wait_for(browser, "return new URLSearchParams(location.search).get('q') === 'précarité énergétique'")
    found = results(browser)
    shot(browser, "7-recherche-depuis-le-dossier")
    assert energy and energy <= set(found), sorted(energy - set(found))
    # a result opens its page from the folder too (links end in index.html)
    first = browser.find_element(By.CSS_SELECTOR, "#resultats li > a")
    title = first.text
    first.click()
    wait_for(browser, "return location.pathname.indexOf('/id/initiative/') >= 0 && !!document.querySelector('h1')")
    assert browser.find_element(By.TAG_NAME, "h1").text == title


@pytest.mark.parametrize("mode", ["serveur", "statique", "dossier"])
def test_question_form_returns_rows_by_label(browser, served, static, out, mode):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root = {"serveur": served.url("/"), "statique": static, "dossier": (out / "site").as_uri() + "/"}[mode]
    browser.set_window_size(1280, 1400)
    browser.get(root + "questions/initiatives-par-territoire/index.html")
    wait_for(browser, "return document.body.getAttribute('data-ready') === 'true'")
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-mode") == \
        ("serveur" if mode == "serveur" else "statique")
    field = browser.find_element(By.ID, "p-territoire")
    field.send_keys("Hauts-de-France (région)", Keys.ENTER)
    # the table is re-rendered when the answer arrives (served: from /query): wait until it shows the bound answer,
    # then read it in one script run (no element kept across a re-render)
    read = ("const rows = [...document.querySelectorAll('#reponses tbody tr')];"
            "return {cells: rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent.trim())),"
            " links: document.querySelectorAll(\"#reponses tbody a[href*='id/initiative/']\").length};")
    wait_for(browser, "return location.search.indexOf('territoire=') >= 0 && "
                      "document.querySelectorAll('#reponses tbody tr').length > 0 && "
                      "[...document.querySelectorAll('#reponses tbody tr')].every("
                      "r => r.querySelector('td') && r.querySelector('td').textContent.trim() === 'Hauts-de-France')")
    table = browser.execute_script(read)
    cells = table["cells"]
    assert cells and all("http" not in c for row in cells for c in row)  # labels, not IRIs
    assert all(row[0] == "Hauts-de-France" for row in cells)
    assert table["links"] == len(cells)
    assert "SELECT" not in browser.find_element(By.TAG_NAME, "main").text  # no SPARQL unless asked
    assert parse_qs(urlparse(browser.current_url).query)["territoire"] == ["Hauts-de-France (région)"]
    shot(browser, f"6-question-territoire-{mode}")
