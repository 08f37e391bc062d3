"""What the HTML explorer draws: entities and facts, not records."""

from __future__ import annotations

from rdflib import Graph

from test_validate import VALID


def test_links_and_their_records_are_not_drawn_in_the_html_graph():
    from kg.export.html import explorer_data

    data = explorer_data(Graph().parse(VALID))
    ids = {n["id"] for n in data["nodes"]}
    assert not any("wikidata.org" in i or "/link/" in i for i in ids)
    assert "https://w3id.org/newskg/id/place/ruritania" in ids
