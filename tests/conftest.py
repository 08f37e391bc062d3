"""Shared fixtures: the spaCy pipeline and extractor load once per session; the demo builds once;
one Chromium (Playwright) serves every browser test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "articles"
PEOPLE = ["Ada Korhonen", "Bruno Salas", "Chen Wei", "Dara Okafor", "Elin Berg", "Farid Haddad", "Greta Lund",
          "Hugo Ferreira", "Ines Moreau", "Jonas Vik", "Kemal Arslan", "Lena Hoffmann"]
CHROMIUM = Path("/usr/bin/chromium")
CITIES = ["Valdora", "Brenmark", "Ostrava", "Lisbon", "Porto", "Tallinn"]


def synthetic_article(i: int) -> str:
    """A short made-up news article (people, places, a visit, a meeting), different for each i."""
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 5) % len(PEOPLE)]
    city = CITIES[i % len(CITIES)]
    return (f"{a} visits {city}\n\n{a}, the foreign minister of Norland, visited {city} on Tuesday and met {b}, "
            f"the mayor of {city}. The two discussed trade and the new harbour. {b} said the talks were useful. "
            f"{a} will travel to {CITIES[(i + 1) % len(CITIES)]} next week, officials said. "
            f"Norland Shipping, based in {city}, welcomed the visit.\n")


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extractor(nlp):
    from kg.extract import Extractor
    from kg.nlp import pipeline_id

    return Extractor.load(pipeline_id(nlp))


@pytest.fixture(scope="session")
def extract(nlp, extractor):
    """Extraction of one text written as an article: returns (extraction, entity label of id)."""
    from kg.ingest.boilerplate import BoilerplateRules
    from kg.ingest.readers import _text_article
    from kg.engine import parse_text

    rules = BoilerplateRules.load()

    def run(text: str, **fields):
        article = _text_article("t", "test.txt", text, fields, rules)
        doc = parse_text(nlp, article.text)
        ex = extractor(article, doc)
        return ex

    return run


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory) -> Path:
    """The demo articles built once through the library entry point, with the analytics."""
    from kg.build import build

    out = tmp_path_factory.mktemp("demo") / "out"
    report = build([DEMO], out, analytics=True)
    assert report.articles == 2 and not report.errors
    return out


@pytest.fixture
def screenshots() -> Path:
    """Screenshots go under out/ for people to look at."""
    path = ROOT / "out" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def have(program: str) -> bool:
    return shutil.which(program) is not None


class Page:
    """A Playwright page plus what it asked for and complained about."""

    def __init__(self, page, requests: list[str], problems: list[str], dialogs: list[str]) -> None:
        self.page, self.requests, self.problems, self.dialogs = page, requests, problems, dialogs

    def open(self, html: Path) -> "Page":
        self.url = html.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        return self

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium with every request sent to a dead proxy; page() refuses them as well."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"])
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    problems: list[str] = []
    dialogs: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith("file:") and r.request.resource_type == "document":
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def on_dialog(d) -> None:
        dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield Page(pg, requests, problems, dialogs)
    context.close()
