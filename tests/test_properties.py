"""Property tests: any label, id or sentence a news article can hold becomes valid IRIs and
literals that survive Turtle, TriG and N-Quads unchanged, in our parser and in rapper's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef

from kg.export.rdf_files import Format, convert_nquads, nquads, sorted_quads, write_rdf
from kg.namespace import KG
from kg.rdf import article_iri, entity_iri, mint, text

# Whatever Unicode text holds, including what breaks naive writers: quotes, backslashes, line
# breaks, control characters, right-to-left text, emoji, and '>' or spaces in would-be IRIs.
TRICKY = st.sampled_from(['"', "'", "\\", "\n", "\r", "\t", "\x00", "\x07", "\x7f", "\u202e", "\u200f", "שלום",
                          "مرحبا", "😀", "👩‍👩‍👧", ">", "<", " ", "{", "}", "|", "^", "`", "%", "#", "?", "\u2028", "\ufeff"])
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=8), TRICKY), min_size=1, max_size=6).map("".join)
CLASSES = st.sampled_from(["Person", "Place", "Organization", "Country", "NewsOrganization"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dataset(labels: list[str], ids: list[str], cls: str) -> Dataset:
    """Entities named by ``labels`` in articles with ``ids``, each stating facts with the text as evidence."""
    ds = Dataset(default_union=False)
    for i, label in enumerate(labels):
        e = entity_iri(f"{cls}|{label}")
        ds.default_graph.add((e, RDF.type, KG[cls]))
        ds.default_graph.add((e, RDFS.label, text(label)))
        ds.default_graph.add((e, SKOS.altLabel, Literal(str(text(label)), lang="en")))
        a = article_iri(ids[i % len(ids)])
        g = ds.graph(a)
        g.add((a, URIRef("https://schema.org/identifier"), text(ids[i % len(ids)])))
        node = mint("statement", f"{ids[i % len(ids)]}|{label}")
        g.add((node, KG.sentence, text(label)))
        g.add((node, RDF.subject, e))
    return ds


@pytest.mark.parametrize("fmt", list(Format))
@given(labels=st.lists(TEXT, min_size=1, max_size=5), ids=st.lists(TEXT, min_size=1, max_size=3), cls=CLASSES)
@SETTINGS
def test_any_text_round_trips_through_every_format(tmp_path_factory, fmt, labels, ids, cls):
    quads = sorted_quads(dataset(labels, ids, cls))
    path = tmp_path_factory.mktemp("rt") / f"g.{fmt.value}"
    write_rdf(quads, path, fmt)
    back = set(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(fmt.value)))
    if fmt is Format.turtle:  # the union of the graphs
        assert back == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
    else:
        assert back == set(quads)


@given(labels=st.lists(TEXT, min_size=1, max_size=5), ids=st.lists(TEXT, min_size=1, max_size=3), cls=CLASSES)
@SETTINGS
def test_streamed_files_equal_the_ones_written_at_once(tmp_path_factory, labels, ids, cls):
    """A build writes N-Quads a graph at a time and converts them; the result is the same graph."""
    quads = sorted_quads(dataset(labels, ids, cls))
    d = tmp_path_factory.mktemp("stream")
    (d / "g.nq").write_bytes(nquads(quads))
    for fmt in (Format.trig, Format.turtle):
        convert_nquads(d / "g.nq", d / f"s.{fmt.value}", fmt)
        write_rdf(quads, d / f"w.{fmt.value}", fmt)
        if fmt is Format.trig:
            assert (d / "s.trig").read_bytes() == (d / "w.trig").read_bytes()
        kind = ox.RdfFormat.from_extension(fmt.value)
        assert set(ox.parse(path=str(d / f"s.{fmt.value}"), format=kind)) == set(ox.parse(path=str(d / f"w.{fmt.value}"), format=kind))


@given(value=TEXT)
@SETTINGS
def test_text_literals_keep_every_character_a_store_can_hold(value):
    kept = str(text(value))
    assert len(kept) == len(value)
    assert all(a == b or b == "\ufffd" for a, b in zip(value, kept))
    assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in kept)


@given(keys=st.lists(st.tuples(CLASSES, TEXT), min_size=2, max_size=8, unique=True))
@SETTINGS
def test_minting_is_deterministic_valid_and_one_to_one(keys):
    iris = [mint("entity", f"{cls}|{label}") for cls, label in keys]
    assert iris == [mint("entity", f"{cls}|{label}") for cls, label in keys]
    for iri in iris:
        ox.NamedNode(str(iri))  # raises on an invalid IRI
        assert not any(c in str(iri) for c in ' <>"{}|^`\\\n')
    assert len(set(iris)) == len(keys)
    for kind in ("article", "statement", "event", "link"):
        for _, label in keys:
            ox.NamedNode(str(mint(kind, f"{label}|x")))


@pytest.mark.external
@pytest.mark.skipif(not shutil.which("rapper"), reason="rapper (raptor2-utils) is not installed")
@given(labels=st.lists(TEXT, min_size=1, max_size=5), ids=st.lists(TEXT, min_size=1, max_size=3), cls=CLASSES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rapper_reads_every_file_back_to_the_same_graph(tmp_path_factory, labels, ids, cls):
    """An independent parser (Raptor) agrees: each file parses, to exactly the quads we wrote."""
    quads = sorted_quads(dataset(labels, ids, cls))
    d = tmp_path_factory.mktemp("rapper")
    syntax = {Format.turtle: "turtle", Format.trig: "trig", Format.nquads: "nquads"}
    for fmt in Format:
        path = d / f"g.{fmt.value}"
        write_rdf(quads, path, fmt)
        run = subprocess.run(["rapper", "-q", "-i", syntax[fmt], "-o", "nquads", str(path)],
                             capture_output=True, timeout=60)
        assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
        back = Path(d / f"back-{fmt.value}.nq")
        back.write_bytes(run.stdout)
        got = set(ox.parse(path=str(back), format=ox.RdfFormat.N_QUADS))
        want = {ox.Quad(q.subject, q.predicate, q.object) for q in quads} if fmt is Format.turtle else set(quads)
        assert got == want, fmt
