"""The HTML explorer without a browser: what it reads from a graph, its layout, its safety, `kg html`."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from html import unescape
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SDO, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.export.explorer import Vocabulary, explorer_data, humanize
from kg.export.html import canvas_label, render_html
from kg.export.layout import layout
from kg.namespace import KG
from test_validate import VALID

ID = Namespace("https://w3id.org/newskg/id/")
HOSTILE = [
    "</script><script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned = 2\">",
    "\"'><svg onload=window.__pwned=3>",
    "javascript:window.__pwned = 4",
    "<!-- \u2028\u2029 --> &amp; ]]>",
]


def small_graph() -> Graph:
    """Two people, a country, an event, an article; one fact asserted, one claim not asserted."""
    g = Graph()
    a, b, land, meeting, art = ID["person/ana"], ID["person/bo"], ID["place/ruritania"], ID["event/m1"], ID["article/a1"]
    for node, cls, label in ((a, KG.Person, "Ana Lind"), (b, KG.Person, "Bo Berg"), (land, KG.Country, "Ruritania"),
                             (meeting, KG.Meeting, "Meeting: Ana Lind and Bo Berg")):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((a, SKOS.altLabel, Literal("Lind")))
    g.add((a, KG.mentionCount, Literal(3)))
    g.add((land, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q1")))
    g.add((a, KG.leaderOf, land))
    g.add((meeting, KG.participant, a))
    g.add((meeting, KG.participant, b))
    g.add((meeting, KG.date, Literal("2016-12-15", datatype=XSD.date)))
    g.add((art, RDF.type, SDO.NewsArticle))
    g.add((art, SDO.headline, Literal("Lind meets Berg")))
    g.add((art, SDO.mentions, a))
    g.add((art, SDO.mentions, land))
    for i, (s, p, o, modality, sentence) in enumerate((
        (a, KG.leaderOf, land, "asserted", "Ana Lind, the leader of Ruritania, spoke."),
        (a, KG.visited, land, "expected", "Lind is expected to visit Ruritania."),
        (meeting, RDF.type, KG.Meeting, "asserted", "Lind met Berg on Thursday."),
    )):
        st = ID[f"statement/a1--{i}"]
        for pp, oo in ((RDF.type, KG.Statement), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
                       (KG.sentence, Literal(sentence)), (KG.confidence, Literal(0.8)), (KG.modality, Literal(modality)),
                       (KG.startOffset, Literal(10 * i)), (KG.endOffset, Literal(10 * i + 9)), (PROV.wasDerivedFrom, art)):
            g.add((st, pp, oo))
    return g


def test_entities_are_nodes_and_articles_and_records_are_not():
    data = explorer_data(small_graph(), Vocabulary.load())
    labels = {n.label for n in data.nodes}
    assert labels == {"Ana Lind", "Bo Berg", "Ruritania", "Meeting: Ana Lind and Bo Berg"}
    assert [a.headline for a in data.articles] == ["Lind meets Berg"]


def test_facts_carry_their_evidence_and_claims_not_asserted_are_marked():
    data = explorer_data(small_graph(), Vocabulary.load())
    edges = {(e.source.rsplit("/", 1)[-1], data.properties[e.prop], e.target.rsplit("/", 1)[-1]): e for e in data.edges}
    leader = edges[("ana", "leader of", "ruritania")]
    assert leader.asserted and leader.evidence[0].sentence == "Ana Lind, the leader of Ruritania, spoke."
    assert leader.evidence[0].article == 0 and (leader.evidence[0].start, leader.evidence[0].end) == (0, 9)
    visit = edges[("ana", "visited", "ruritania")]
    assert not visit.asserted and visit.evidence[0].modality == "expected"
    assert ("m1", "participant", "bo") in edges


def test_node_panel_data_has_aliases_classes_links_dates_and_articles():
    data = explorer_data(small_graph(), Vocabulary.load())
    by_label = {n.label: n for n in data.nodes}
    ana = by_label["Ana Lind"]
    assert ana.aliases == ["Lind"] and ana.classes == ["Person"] and ana.mentions == 3 and ana.articles == [0]
    land = by_label["Ruritania"]
    assert land.cls == "Country" and [(ln.site, ln.iri) for ln in land.links] == [("Wikidata", "http://www.wikidata.org/entity/Q1")]
    meeting = by_label["Meeting: Ana Lind and Bo Berg"]
    assert meeting.dates == ("2016-12-15", "2016-12-15")
    assert meeting.evidence[0].sentence == "Lind met Berg on Thursday." and meeting.articles == [0]
    assert data.nodes[0].label == "Ana Lind"  # the most connected entity comes first


def test_links_and_their_records_are_not_drawn_in_the_html_graph():
    data = explorer_data(Graph().parse(VALID), Vocabulary.load())
    ids = {n.iri for n in data.nodes}
    assert not any("wikidata.org" in i or "/link/" in i for i in ids)
    assert "https://w3id.org/newskg/id/place/ruritania" in ids


def test_any_rdf_graph_renders_with_its_own_labels():
    g = Graph()
    ex = Namespace("http://example.org/")
    g.add((ex.alice, RDF.type, FOAF.Person))
    g.add((ex.alice, FOAF.name, Literal("Alice")))
    g.add((ex.bob, FOAF.name, Literal("Bob")))
    g.add((ex.alice, FOAF.knows, ex.bob))
    g.add((ex.alice, ex.worksAt, ex.acme))
    data = explorer_data(g, Vocabulary())
    assert {n.label for n in data.nodes} == {"Alice", "Bob", "acme"}
    assert sorted(data.properties.values()) == ["knows", "works at"]
    assert humanize("https://w3id.org/newskg/ontology#imposedSanctionsOn") == "imposed sanctions on"


def test_layout_is_deterministic_and_keeps_nodes_apart():
    nodes = [f"n{i}" for i in range(40)]
    edges = [(f"n{i}", f"n{(i * 7) % 25}") for i in range(25)] + [("n30", "n31")]
    pos = layout(nodes, edges)
    assert pos == layout(nodes, edges)
    assert set(pos) == set(nodes)
    closest = min(math.dist(pos[a], pos[b]) for i, a in enumerate(nodes) for b in nodes[i + 1:])
    assert closest >= 60


def test_long_labels_wrap_to_two_lines():
    assert canvas_label("Ruritania") == "Ruritania"
    wrapped = canvas_label("Meeting: Ana Lind and Bo Berg in the Capital of Ruritania, 2016-12-15")
    assert wrapped.count("\n") == 1 and wrapped.endswith("…")


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def hostile_graph() -> Graph:
    g = small_graph()
    ana = ID["person/ana"]
    for i, text in enumerate(HOSTILE):
        g.add((ana, SKOS.altLabel, Literal(text)))
        g.add((ID[f"person/h{i}"], RDF.type, KG.Person))
        g.add((ID[f"person/h{i}"], RDFS.label, Literal(text)))
        g.add((ID[f"person/h{i}"], KG.metWith, ana))
    g.add((ana, SKOS.exactMatch, URIRef("javascript:alert(1)")))
    g.add((ID["article/a1"], SDO.url, URIRef("javascript:alert(2)")))
    g.add((ID["article/a1"], SDO.headline, Literal(HOSTILE[0])))
    return g


def test_hostile_text_stays_inside_the_json_data_block():
    html = render_html(hostile_graph(), title=HOSTILE[1])
    # The JSON data block and our two scripts, and nothing else.
    assert html.count("<script") == 3
    assert "<img" not in html and "<svg" not in html
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and ">" not in data and "&" not in data
    payload = json.loads(data)
    labels = {n["label"] for n in payload["nodes"]}
    assert set(HOSTILE) <= labels  # the text is kept, as text
    links = [ln for n in payload["nodes"] for ln in n["links"]]
    assert {ln["iri"]: ln["href"] for ln in links}["javascript:alert(1)"] == ""
    assert payload["articles"][0]["url"] == ""
    assert "&lt;img src=x" in html.split("<body>")[0]  # the title is escaped by the template


def test_content_security_policy_allows_exactly_our_scripts_and_no_network():
    html = render_html(small_graph())
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for script in _scripts(html):
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_rendering_is_deterministic():
    assert render_html(small_graph()) == render_html(small_graph())


runner = CliRunner()


def test_kg_html_renders_a_turtle_file(tmp_path: Path):
    src = tmp_path / "g.ttl"
    small_graph().serialize(src, format="turtle")
    out = tmp_path / "g.html"
    result = runner.invoke(app, ["html", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Ana Lind" in out.read_text(encoding="utf-8")


def test_kg_html_on_a_file_that_does_not_parse_is_one_line_and_exit_1(tmp_path: Path):
    src = tmp_path / "bad.ttl"
    src.write_text("<a> <b> .\n")
    result = runner.invoke(app, ["html", str(src), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert str(src) in result.output and "not valid RDF" in result.output
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("name, code", [("missing.ttl", 2), ("graph.csv", 2)])
def test_kg_html_usage_errors_exit_2(tmp_path: Path, name: str, code: int):
    if name.endswith(".csv"):
        (tmp_path / name).write_text("a,b\n")
    result = runner.invoke(app, ["html", str(tmp_path / name), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == code, result.output
