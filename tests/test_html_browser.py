"""The HTML explorer in Debian's Chromium, driven by Playwright, with every network request refused.

Each page is opened from a file:// URL; requests to anything else are aborted and recorded, as
are console errors, page errors and dialogs (alert() from injected script). Screenshots go to
out/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.namespace import PROV, SDO

from kg.export.html import write_html
from kg.namespace import KG
from kg.store import open_store, run_query

from conftest import CHROMIUM, Page

pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed")]
ID = Namespace("https://w3id.org/newskg/id/")


def entity_count(out: Path) -> int:
    """Entities and events of a build, counted with SPARQL over its store."""
    store = open_store(out)
    rows = run_query(store, """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        { ?e kg:mentionCount ?c } UNION { ?e kg:participant ?p } }""").rows
    return int(rows[0][0])


# An edge with evidence, long on screen, whose midpoint is on no node and on no other edge: a
# real click there picks it.
EDGE_TO_CLICK = """(() => {
    for (const j of kg.shownEdges()) {
      const e = kg.data.edges[j];
      if (!e.evidence.length) continue;
      const a = kg.screenOf(e.from), b = kg.screenOf(e.to), m = kg.edgeMiddle(j);
      const inside = m.x > 10 && m.y > 10 && m.x < kg.view.w - 10 && m.y < kg.view.h - 10;
      if (!inside || Math.hypot(a.x - b.x, a.y - b.y) < 80 || kg.view.nodeAt(m.x, m.y) >= 0 || kg.view.edgeAt(m.x, m.y) !== j) continue;
      return [j, m, e.evidence[0].sentence];
    }
  })()"""


def click_canvas(page: Page, point: dict) -> None:
    box = page.page.locator("#graph canvas").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


@pytest.mark.model
def test_demo_page_loads_offline_with_no_error_and_no_request(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    page.page.screenshot(path=str(screenshots / "demo-graph.png"))
    assert page.problems == []
    assert page.outside_requests() == []
    assert page.js("document.querySelectorAll('canvas').length") == 1


@pytest.mark.model
def test_node_count_equals_the_number_of_entities(demo_out, page: Page):
    page.open(demo_out / "graph.html")
    assert page.js("kg.shownNodes().length") == entity_count(demo_out) > 20
    assert page.js("kg.shownArticles().length") == 0  # articles hidden
    assert page.js("kg.frames.mode") == "close"  # a small graph: every node and edge drawn
    page.page.click("#filters summary")
    page.page.check("#show-articles")
    assert page.js("kg.shownArticles().length") == 2


@pytest.mark.model
def test_search_by_an_alias_focuses_the_entity(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    i, alias, label = page.js("(() => { const i = kg.data.nodes.findIndex(n => n.aliases.length && n.degree > 2);"
                              " return [i, kg.data.nodes[i].aliases[0], kg.data.nodes[i].label]; })()")
    page.page.fill("#search", alias.lower())
    page.page.press("#search", "Enter")
    assert page.js("[...kg.view.selectedNodes]") == [i]
    assert page.page.inner_text("#panel h2") == label
    # Focused: the entity is at the centre of the canvas.
    centre = page.js("kg.screenOf(%d)" % i)
    box = page.page.locator("#graph canvas").bounding_box()
    assert abs(centre["x"] - box["width"] / 2) < 5 and abs(centre["y"] - box["height"] / 2) < 5
    page.page.screenshot(path=str(screenshots / "demo-search.png"))


@pytest.mark.model
def test_click_on_an_edge_shows_its_evidence_sentence(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    # An edge with evidence whose midpoint no node covers: a real mouse click selects it.
    j, point, sentence = page.js(EDGE_TO_CLICK)
    click_canvas(page, point)
    assert page.js("[...kg.view.selectedEdges]") == [j]
    assert sentence in page.panel()
    assert "confidence" in page.panel()
    page.page.screenshot(path=str(screenshots / "demo-edge-evidence.png"))


@pytest.mark.model
def test_click_on_a_node_shows_its_facts_grouped_by_property(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    point = page.js("kg.screenOf(0)")  # the most connected entity
    click_canvas(page, point)
    text = page.panel()
    node = page.js("kg.data.nodes[0]")
    assert node["label"] in text and "FACTS" in text.upper()
    edges = page.js("kg.data.edges.filter(e => e.from === 0 && e.evidence.length)")
    assert edges and edges[0]["evidence"][0]["sentence"] in text
    page.page.screenshot(path=str(screenshots / "demo-node-panel.png"))


@pytest.mark.model
def test_the_node_panel_shows_the_names_joined_across_articles(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    i, label, forms = page.js("(() => { const i = kg.data.nodes.findIndex(n => n.merges.length > 1);"
                              " const n = kg.data.nodes[i]; return [i, n.label, n.merges.map(m => m.rule)]; })()")
    assert i >= 0 and "seed" in forms
    page.page.fill("#search", label.lower())
    page.page.press("#search", "Enter")
    text = page.panel()
    assert "NAMES JOINED ACROSS ARTICLES" in text.upper() and "same-name" in text and "confidence" in text
    page.page.screenshot(path=str(screenshots / "demo-merges.png"))


@pytest.mark.model
def test_colour_by_community_recolours_the_nodes_and_swaps_the_legend(demo_out, page: Page, screenshots: Path):
    page.open(demo_out / "graph.html")
    communities = page.js("kg.data.communities.map(c => c.label)")
    assert len(communities) >= 2  # the demo is built with --analytics
    before = page.js("kg.colourOf(0)")
    page.page.click("#filters summary")
    page.page.select_option("#colour-by", "community")
    colours = page.js("kg.shownNodes().map(i => kg.colourOf(i))")
    wanted = page.js("kg.data.nodes.map(n => (kg.data.communities.find(c => c.label === n.community) || "
                     "{color: kg.data.otherCommunity}).color)")
    assert colours == [wanted[i] for i in page.js("kg.shownNodes()")]
    assert len(set(colours)) >= 2
    legend = page.page.inner_text("body")
    assert all(label in legend for label in communities)
    page.page.screenshot(path=str(screenshots / "demo-communities.png"))
    page.page.select_option("#colour-by", "class")
    assert page.js("kg.colourOf(0)") == before
    assert page.problems == []


@pytest.mark.model
def test_filters_by_class_property_article_and_date(demo_out, page: Page):
    page.open(demo_out / "graph.html")
    total = page.js("kg.shownNodes().length")
    page.page.click("#filters summary")
    person = page.page.locator("#classes input[value='Person']")
    person.uncheck()
    assert page.js("kg.shownNodes().every(i => kg.data.nodes[i].cls !== 'Person')")
    assert page.js("kg.shownNodes().length") < total
    person.check()
    assert page.js("kg.shownNodes().length") == total
    page.page.locator("#properties input").first.uncheck()
    assert page.js("kg.shownEdges().every(j => kg.data.edges[j].prop !== 0)")
    page.page.select_option("#article", "0")
    assert page.js("kg.shownNodes().every(i => kg.data.nodes[i].articles.includes(0))")
    page.page.select_option("#article", "")
    dated = page.js("kg.data.nodes.filter(n => n.dates).length")
    assert dated
    page.page.fill("#date-from", "2030-01-01")
    page.page.dispatch_event("#date-from", "change")
    assert page.js("kg.shownNodes().every(i => !kg.data.nodes[i].dates)")


def synthetic(tmp_path: Path, nodes: int = 60) -> Path:
    """A hub-and-spokes graph."""
    g = Graph()
    for i in range(nodes):
        g.add((ID[f"person/p{i}"], RDF.type, KG.Person))
        g.add((ID[f"person/p{i}"], RDFS.label, Literal(f"Person {i}")))
    for i in range(1, nodes):
        g.add((ID[f"person/p{i % 5}"], KG.metWith, ID[f"person/p{i}"]))
    path = tmp_path / "hubs.html"
    write_html(g, path)
    return path


def test_a_double_click_picks_out_a_node_and_its_neighbours(tmp_path: Path, page: Page):
    page.open(synthetic(tmp_path))
    assert page.js("kg.shownNodes().length") == 60 and "Showing 60 of 60" in page.page.inner_text("#status")
    hub = page.js("kg.find('Person 1')")
    box = page.page.locator("#graph canvas").bounding_box()
    point = page.js(f"kg.screenOf({hub})")
    page.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_timeout(100)
    picked = set(page.js("[...kg.view.selectedNodes]"))
    spokes = {page.js(f"kg.find('Person {i}')") for i in range(1, 60) if i % 5 == 1}
    assert picked == spokes | {hub}


def test_search_reveals_an_entity_a_filter_hides(tmp_path: Path, page: Page):
    page.open(synthetic(tmp_path))
    page.page.click("#filters summary")
    page.page.locator("#classes input[value='Person']").uncheck()
    assert page.js("kg.shownNodes().length") == 0
    page.page.fill("#search", "Person 59")
    page.page.press("#search", "Enter")
    i = page.js("kg.find('Person 59')")
    assert i in page.js("kg.shownNodes()")
    assert page.page.inner_text("#panel h2") == "Person 59"


def test_search_suggests_names_as_the_user_types(tmp_path: Path, page: Page):
    page.open(synthetic(tmp_path))
    assert page.js("document.querySelectorAll('#names option').length") == 0  # filled on demand
    page.page.type("#search", "person 5")
    names = page.js("[...document.querySelectorAll('#names option')].map(o => o.value)")
    assert names[:1] == ["Person 5"] and 1 < len(names) <= 20 and all("Person 5" in n for n in names)


def test_hostile_graph_runs_no_script_and_shows_the_text(tmp_path: Path, page: Page, screenshots: Path):
    from test_html import HOSTILE, hostile_graph

    html = tmp_path / "hostile.html"
    write_html(hostile_graph(), html, title=HOSTILE[1])
    page.open(html)
    ana = page.js("kg.find('Ana Lind')")
    page.js(f"kg.focusNode({ana})")
    page.page.wait_for_timeout(200)
    text = page.panel()
    for h in HOSTILE:
        assert h.split("\u2028")[0].strip() in text  # shown as text
    assert page.js("window.__pwned") is None and page.dialogs == []
    assert page.js("document.querySelectorAll('img, svg, iframe').length") == 0
    assert page.js("[...document.querySelectorAll('#panel a')].every(a => /^https?:/.test(a.href))")
    assert page.outside_requests() == [] and page.problems == []
    page.page.screenshot(path=str(screenshots / "hostile-graph.png"))


HOSTILE_ARTICLE = (
    'German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday, '
    '<img src=x onerror="window.__pwned=2"> officials said.\n\n'
    'Merkel visited Paris on Tuesday. "</script><script>window.__pwned=1</script>" was painted on a wall.\n\n'
    "Macron said the talks were 'excellent' and javascript:window.__pwned=4 was a joke.\n"
)


@pytest.mark.model
def test_hostile_article_builds_a_page_that_runs_no_script(tmp_path: Path, page: Page, screenshots: Path):
    from kg.build import build

    src = tmp_path / "in"
    src.mkdir()
    (src / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (src / "hostile.json").write_text(json.dumps({
        "title": "</script><script>window.__pwned=5</script> Leaders meet", "url": "javascript:window.__pwned=6"}))
    report = build([src], tmp_path / "out")
    assert not report.errors
    page.open(tmp_path / "out" / "graph.html")
    j = page.js("kg.data.edges.findIndex(e => e.evidence.some(ev => ev.sentence.includes('onerror')))")
    assert j >= 0
    page.js(f"kg.showEdge({j})")
    text = page.panel()
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert "</script><script>window.__pwned=5</script> Leaders meet" in text  # the headline, as text
    page.page.click("#filters summary")
    page.page.check("#show-articles")
    assert page.js("window.__pwned") is None and page.dialogs == []
    assert page.js("document.querySelectorAll('img, iframe').length") == 0
    assert page.outside_requests() == [] and page.problems == []
    page.page.screenshot(path=str(screenshots / "hostile-article.png"))


def test_page_works_when_copied_anywhere(tmp_path: Path, page: Page):
    """One self-contained file: moved to another directory alone, it still loads."""
    src = synthetic(tmp_path)
    lone = tmp_path / "elsewhere" / "copy.html"
    lone.parent.mkdir()
    shutil.copy(src, lone)
    page.open(lone)
    assert page.js("kg.shownNodes().length") == 60 and page.outside_requests() == []


def events_page(tmp_path: Path) -> Path:
    g = Graph()
    for i, day in enumerate(("2016-12-15", "2017-03-01")):
        e = ID[f"event/e{i}"]
        g.add((e, RDF.type, KG.Meeting))
        g.add((e, RDFS.label, Literal(f"Meeting {i}")))
        g.add((e, KG.date, Literal(day, datatype=XSD.date)))
        g.add((e, KG.participant, ID["person/p"]))
    g.add((ID["person/p"], RDF.type, KG.Person))
    g.add((ID["article/a"], RDF.type, SDO.NewsArticle))
    g.add((ID["statement/s"], PROV.wasDerivedFrom, ID["article/a"]))
    path = tmp_path / "events.html"
    write_html(g, path)
    return path


def test_event_dates_filter(tmp_path: Path, page: Page):
    page.open(events_page(tmp_path))
    page.page.click("#filters summary")
    page.page.fill("#date-from", "2017-01-01")
    page.page.dispatch_event("#date-from", "change")
    labels = page.js("kg.shownNodes().map(i => kg.data.nodes[i].label)")
    assert "Meeting 1" in labels and "Meeting 0" not in labels


def test_the_timeline_shows_events_by_date_and_a_bar_filters_to_its_dates(tmp_path: Path, page: Page, screenshots: Path):
    page.open(events_page(tmp_path))
    page.page.click("#timeline summary")
    assert page.page.inner_text("#events").splitlines() == ["2016-12-15 Meeting 0", "2017-03-01 Meeting 1"]
    bars = page.page.locator("#bars .bar")
    assert bars.count() == 4  # three months apart: one bar a month, the empty ones too
    bars.nth(3).click()
    assert page.page.input_value("#date-from") == "2017-03-01" and page.page.input_value("#date-to") == "2017-03-31"
    labels = page.js("kg.shownNodes().map(i => kg.data.nodes[i].label)")
    assert "Meeting 1" in labels and "Meeting 0" not in labels
    assert page.page.inner_text("#events") == "2017-03-01 Meeting 1"
    page.page.screenshot(path=str(screenshots / "timeline.png"))
    bars.nth(3).click()  # again: the filter is cleared
    assert page.page.input_value("#date-from") == "" and page.js("kg.shownNodes().length") == 4
    page.page.click("#events button")
    assert page.page.inner_text("#panel h2") == "Meeting 0"
