"""The interactive HTML graph: one self-contained file that works with no network.

The page draws with our Canvas 2D view (templates/graphview.js), which bounds the work of a
frame so a corpus of 50,000 entities pans and zooms as fluidly as one article; its docstring says
why not vis-network (every edge on every frame) or WebGL (software-rendered in headless
Chromium). Positions come from kg.export.layout, so the page is still as soon as it is drawn.

Safety: article text (labels, sentences, headlines, IRIs) reaches the page only inside a JSON
data block, escaped so it cannot close the element, and our script puts it on screen with
``textContent`` or canvas text; only http(s) addresses become links. A Content-Security-Policy
allows no network at all and only our two scripts, by hash: an injected script or
``onerror=`` handler would not run even if it got into the markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, is_dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.export.atomic import write_bytes_atomic
from kg.export.explorer import ExplorerData, Vocabulary, explorer_data
from kg.export.layout import around, layout
from kg.graph_files import Triple

_TEMPLATES = Path(__file__).parent / "templates"
# Colour and shape by class (our ontology's local names); the legend shows the same table.
STYLE = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "GovernmentOrganization": ("#2f5d8a", "square"),
    "NewsOrganization": ("#76b7b2", "square"),
    "Agent": ("#4e79a7", "dot"),
    "Country": ("#59a14f", "triangle"),
    "City": ("#8cd17d", "diamond"),
    "Region": ("#b6992d", "diamond"),
    "Island": ("#499894", "diamond"),
    "Place": ("#86bc86", "diamond"),
    "Facility": ("#9d7660", "diamond"),
    "Event": ("#f28e2b", "star"),
    "Meeting": ("#f28e2b", "star"),
    "Visit": ("#ffbe7d", "star"),
    "Document": ("#b07aa1", "hexagon"),
    "Treaty": ("#b07aa1", "hexagon"),
}
# Classes from other vocabularies get these, in order of first appearance.
_PALETTE = ("#edc948", "#ff9da7", "#9c755f", "#af7aa1", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8")
_SHAPES = ("dot", "square", "diamond", "triangle", "hexagon", "triangleDown")
_UNTYPED = ("#bab0ac", "dot")
ARTICLE_STYLE = ("#d3d3d3", "box")
# The biggest communities get these, in order of size; the rest share the last grey.
COMMUNITY_COLORS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                    "#9c755f", "#17becf", "#bcbd22", "#8c564b")
OTHER_COMMUNITY = "#c7c7c7"
_LABEL_WIDTH = 26


def canvas_label(label: str) -> str:
    """At most two lines of about 26 characters: long event names must not cover their neighbours."""
    lines = textwrap.wrap(label, _LABEL_WIDTH, break_long_words=True) or [label]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: _LABEL_WIDTH - 1] + "…"]
    return "\n".join(lines)


def node_size(mentions: int | None) -> float:
    """Grows with the square root of the mention count, up to 100 mentions."""
    return round(12 + 3.5 * min(max(mentions or 1, 1), 100) ** 0.5, 1)


def styles(data: ExplorerData) -> dict[str, dict[str, str]]:
    """Colour, shape and label of every class in the graph."""
    out: dict[str, dict[str, str]] = {}
    extra = 0
    for node in data.nodes:
        cls = node.cls
        if cls in out:
            continue
        if cls in STYLE:
            color, shape = STYLE[cls]
        elif cls:
            color, shape = _PALETTE[extra % len(_PALETTE)], _SHAPES[(extra // len(_PALETTE)) % len(_SHAPES)]
            extra += 1
        else:
            color, shape = _UNTYPED
        out[cls] = {"color": color, "shape": shape, "label": data.class_labels.get(cls, cls) or "(no class)"}
    return dict(sorted(out.items(), key=lambda kv: kv[1]["label"].casefold()))


@dataclass
class View:
    """Where and how big each node is drawn, and its label on the canvas: by node index."""

    x: list[float]
    y: list[float]
    size: list[float]
    label: list[str]


def view(data: ExplorerData) -> View:
    """Positions from kg.export.layout, computed here so the page is still as soon as it is drawn."""
    pos = layout([n.iri for n in data.nodes], [(e.source, e.target) for e in data.edges])
    return View(x=[pos[n.iri][0] for n in data.nodes], y=[pos[n.iri][1] for n in data.nodes],
                size=[node_size(n.mentions) for n in data.nodes], label=[canvas_label(n.label) for n in data.nodes])


def community_colors(data: ExplorerData) -> list[dict]:
    """The communities of the page's nodes, biggest first, with the colour the community view gives them."""
    sizes: dict[str, int] = {}
    for n in data.nodes:
        if n.community:
            sizes[n.community] = sizes.get(n.community, 0) + 1
    ranked = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"label": label, "size": size,
             "color": COMMUNITY_COLORS[k] if k < len(COMMUNITY_COLORS) else OTHER_COMMUNITY}
            for k, (label, size) in enumerate(ranked)]


def payload(data: ExplorerData, drawn: View, style: dict[str, dict[str, str]], *, title: str,
            show_articles: bool) -> dict:
    """Everything the page script needs, as one JSON object."""
    pos = dict(enumerate(zip(drawn.x, drawn.y)))
    index = {n.iri: i for i, n in enumerate(data.nodes)}
    prop_index = {p: i for i, p in enumerate(data.properties)}
    article_pos = around(pos, {i: [index[m] for m in a.mentions if m in index] for i, a in enumerate(data.articles)})
    return {
        "title": title,
        "showArticles": show_articles,
        "styles": style,
        "articleStyle": {"color": ARTICLE_STYLE[0], "shape": ARTICLE_STYLE[1]},
        "communities": community_colors(data),
        "otherCommunity": OTHER_COMMUNITY,
        "properties": [{"iri": p, "label": label} for p, label in data.properties.items()],
        "nodes": data.nodes,  # dataclasses: safe_json writes their fields
        "edges": [{"from": index[e.source], "to": index[e.target], "prop": prop_index[e.prop], "asserted": e.asserted,
                   "evidence": e.evidence} for e in data.edges],
        "articles": [{**vars(a), "mentions": [index[m] for m in a.mentions if m in index],
                      "x": article_pos[i][0], "y": article_pos[i][1]} for i, a in enumerate(data.articles)],
        "view": drawn,
    }


def _fields(value: object) -> dict:
    """A dataclass as JSON: its fields (the encoder, in C, calls this only for what it cannot write)."""
    if is_dataclass(value) and not isinstance(value, type):
        return vars(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def safe_json(value: object) -> str:
    """JSON that cannot close a <script> element or open a comment, whatever the strings hold."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_fields)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _script(name: str) -> str:
    """One of our page scripts, safe inside a <script> element."""
    return (_TEMPLATES / name).read_text(encoding="utf-8").replace("</script", "<\\/script")


def render_html(triples: Iterable[Triple], *, title: str = "newskg graph", show_articles: bool = False,
                vocabulary: Vocabulary | None = None) -> str:
    """The explorer page of any RDF graph (an rdflib Graph, or any iterable of triples)."""
    data = explorer_data(triples, vocabulary if vocabulary is not None else Vocabulary.load())
    style = styles(data)
    scripts = [_script("graphview.js"), _script("explorer.js")]
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("explorer.html").render(
        title=title,
        scripts=scripts,
        script_hashes=" ".join(_csp_hash(js) for js in scripts),
        app_css=(_TEMPLATES / "explorer.css").read_text(encoding="utf-8"),
        payload=safe_json(payload(data, view(data), style, title=title, show_articles=show_articles)),
    )


def write_html(triples: Iterable[Triple], path: Path, *, title: str = "newskg graph", show_articles: bool = False) -> None:
    write_bytes_atomic(path, render_html(triples, title=title, show_articles=show_articles).encode("utf-8"))
