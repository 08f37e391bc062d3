"""The explorer at corpus scale: 50,000 entities and 200,000 facts, in Debian's Chromium.

The graph is made here, triple by triple (no rdflib Graph: at this size building one costs more
than the page): communities of entities that mostly meet within their community, one fact in
ten with a kg:Statement carrying its sentence, a few entities named with markup. Timings are
for `make bench`; these tests pin behaviour: what is drawn stays bounded, and search, the
evidence panel, the community view and hostile text work at this size.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.export.html import write_html
from kg.namespace import KG

from conftest import CHROMIUM, Page
from test_html_browser import EDGE_TO_CLICK, click_canvas

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed")]
ID = Namespace("https://w3id.org/newskg/id/")
ENTITIES, FACTS, COMMUNITY = 50_000, 200_000, 400
CLASSES = (KG.Person, KG.Person, KG.Organization, KG.Country, KG.City, KG.Meeting)
PROPS = (KG.metWith, KG.worksFor, KG.visited, KG.memberOf, KG.locatedIn)
HOSTILE = ('<img src=x onerror="window.__pwned=1">', "</script><script>window.__pwned=2</script>")


def entity(i: int) -> URIRef:
    return ID[f"e/{i}"]


def corpus_triples(seed: int = 3) -> Iterator[tuple]:
    rng = random.Random(seed)
    communities = ENTITIES // COMMUNITY
    for c in range(communities):
        yield ID[f"community/{c}"], RDF.type, KG.Community
        yield ID[f"community/{c}"], RDFS.label, Literal(f"Community {c}")
    for i in range(ENTITIES):
        e = entity(i)
        yield e, RDF.type, CLASSES[i % len(CLASSES)]
        yield e, RDFS.label, Literal(HOSTILE[i - 7] if i in (7, 8) else f"Entity {i}")
        yield e, KG.mentionCount, Literal(1 + (i * 7919) % 40)
        yield e, KG.community, ID[f"community/{i % communities}"]
        if i % 50 == 0:
            yield e, SKOS.altLabel, Literal(f"Alias of {i}")
    for k in range(ENTITIES // 100):
        a = ID[f"article/{k}"]
        yield a, RDF.type, SDO.NewsArticle
        yield a, SDO.headline, Literal(f"Headline {k}")
        yield a, SDO.datePublished, Literal("2026-11-%02d" % (1 + k % 28), datatype=XSD.date)
        for m in range(5):
            yield a, SDO.mentions, entity((k * 100 + m * 17) % ENTITIES)
    for j in range(FACTS):
        s = rng.randrange(ENTITIES)
        # Mostly within the community (same residue), now and then across the corpus.
        o = (s + communities * rng.randrange(1, COMMUNITY)) % ENTITIES if rng.random() < 0.9 else rng.randrange(ENTITIES)
        p = PROPS[j % len(PROPS)]
        yield entity(s), p, entity(o)
        if j % 10 == 0:
            st = ID[f"statement/{j}"]
            yield st, RDF.type, KG.Statement
            yield st, RDF.subject, entity(s)
            yield st, RDF.predicate, p
            yield st, RDF.object, entity(o)
            yield st, KG.sentence, Literal(f"Sentence {j}: Entity {s} and Entity {o}, officials said.")
            yield st, KG.confidence, Literal("0.8")
            yield st, PROV.wasDerivedFrom, ID[f"article/{j % (ENTITIES // 100)}"]


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "corpus.html"
    write_html(corpus_triples(), path, title="corpus scale")
    return path


def test_a_corpus_page_opens_on_an_overview_and_draws_a_bounded_frame(corpus_page: Path, page: Page, screenshots: Path):
    page.open(corpus_page)
    assert page.problems == [] and page.outside_requests() == []
    assert page.js("kg.shownNodes().length") == ENTITIES
    assert "of 50000 entities" in page.page.inner_text("#status")
    frame = page.js("kg.frames")
    assert frame["mode"] == "overview" and frame["inView"] == ENTITIES
    assert frame["nodes"] <= 600 and frame["edges"] == 0  # the rest is in the overview image
    page.page.screenshot(path=str(screenshots / "corpus-overview.png"))
    # Close up, every node in view is drawn, edges too.
    page.js("kg.focusNode(0)")
    page.page.wait_for_timeout(100)
    page.js("kg.view.moveTo(kg.view.cam.x, kg.view.cam.y, 1.5)")
    page.page.wait_for_timeout(100)
    frame = page.js("kg.frames")
    assert frame["mode"] == "close" and frame["nodes"] == frame["inView"] > 0 and frame["edges"] > 0


def test_search_at_corpus_scale_finds_an_alias_and_focuses_it(corpus_page: Path, page: Page):
    page.open(corpus_page)
    page.page.fill("#search", "alias of 49950")
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#panel h2") == "Entity 49950"
    i = page.js("kg.find('Entity 49950')")
    assert page.js("[...kg.view.selectedNodes]") == [i]
    centre = page.js(f"kg.screenOf({i})")
    box = page.page.locator("#graph canvas").bounding_box()
    assert abs(centre["x"] - box["width"] / 2) < 5 and abs(centre["y"] - box["height"] / 2) < 5
    assert page.js("kg.frames.mode") == "close"


def test_the_evidence_panel_at_corpus_scale_shows_an_edge_sentence(corpus_page: Path, page: Page, screenshots: Path):
    page.open(corpus_page)
    page.js("kg.focusNode(0)")
    page.js("kg.view.moveTo(kg.view.cam.x, kg.view.cam.y, 2)")
    page.page.wait_for_timeout(100)
    found = page.js(EDGE_TO_CLICK.replace("kg.shownEdges()", "kg.view.drawnEdges.filter(j => j < kg.data.edges.length)"))
    assert found, "an edge with evidence in view"
    j, point, sentence = found
    click_canvas(page, point)
    assert page.js("[...kg.view.selectedEdges]") == [j]
    assert sentence in page.panel() and "confidence 0.8" in page.panel()
    page.page.screenshot(path=str(screenshots / "corpus-evidence.png"))


def test_the_community_view_at_corpus_scale_colours_the_twelve_biggest(corpus_page: Path, page: Page, screenshots: Path):
    page.open(corpus_page)
    page.page.click("#filters summary")
    page.page.select_option("#colour-by", "community")
    legend = page.page.inner_text("body")
    assert "grey: 113 other communities" in legend
    colours = page.js("[0, 1, 125, 126, 200].map(i => kg.colourOf(i))")
    communities = page.js("[0, 1, 125, 126, 200].map(i => kg.data.nodes[i].community)")
    wanted = page.js("Object.fromEntries(kg.data.communities.map(c => [c.label, c.color]))")
    assert colours == [wanted[c] for c in communities]
    assert page.js("kg.frames.mode") == "overview" and page.problems == []
    page.page.screenshot(path=str(screenshots / "corpus-communities.png"))


def test_hostile_names_at_corpus_scale_stay_text(corpus_page: Path, page: Page):
    page.open(corpus_page)
    for text in HOSTILE:
        i = page.js("kg.find(%r)" % text)
        assert i >= 0
        page.js(f"kg.focusNode({i})")
        assert page.page.inner_text("#panel h2") == text
    assert page.js("window.__pwned") is None and page.dialogs == []
    assert page.js("document.querySelectorAll('img, iframe, svg').length") == 0
