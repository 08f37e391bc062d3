"""RSS, Atom and WARC.gz inputs, each with a broken record: every good article is read with its
metadata, each bad record is one line naming the file and the record, and the rest is built."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Note, iter_articles, iter_sources
from kg.types import Article

STORIES = {
    "budget": ("Rivertown approves school budget",
               "The Rivertown council approved a budget on Monday that raises school spending by four percent. "
               "Mayor Dana Whitfield said the plan would be paid for by a small rise in property taxes."),
    "derby": ("United win the derby",
              "Harbour United beat Northgate City 2-1 on Saturday. Striker Leo Marsh scored twice in the second half "
              "at Harbour Park, and the win lifts United to third place."),
    "merger": ("Lumen and Arcway agree merger",
               "Lumen Foods agreed to buy Arcway Logistics for 2 billion dollars, the companies said on Tuesday. "
               "Arcway chief executive Priya Nandan will join the Lumen board."),
}

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Courier</title><link>https://courier.example/</link>
<item><title>{t0}</title><link>https://courier.example/news/budget</link>
  <pubDate>Mon, 02 Nov 2026 09:30:00 GMT</pubDate><dc:creator>Ines Ford</dc:creator>
  <content:encoded><![CDATA[<p>{b0}</p><script>alert(1)</script><p>Share this story</p>]]></content:encoded></item>
<item><title>Photo gallery</title><link>https://courier.example/photos/7</link></item>
<item><title>{t1}</title><link>https://courier.example/sport/derby</link>
  <pubDate>Sat, 07 Nov 2026 18:00:00 GMT</pubDate><description>&lt;p&gt;{b1}&lt;/p&gt;</description></item>
</channel></rss>
""".format(t0=STORIES["budget"][0], b0=STORIES["budget"][1], t1=STORIES["derby"][0], b1=STORIES["derby"][1])

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Market Wire</title><id>urn:uuid:market-wire</id>
<updated>2026-11-10T08:00:00Z</updated>
<entry><title>{t2}</title><id>urn:uuid:merger-1</id><link href="https://wire.example/deals/lumen-arcway"/>
  <published>2026-11-10T07:45:00Z</published><author><name>Tom Reyes</name></author>
  <content type="html">&lt;p&gt;{b2}&lt;/p&gt;</content></entry>
<entry><title>Markets open</title><id>urn:uuid:broken</id><summary>Shares rose &amp; fell <b>and</summary></entry>
""".format(t2=STORIES["merger"][0], b2=STORIES["merger"][1])  # the feed is cut off: no </feed>


def page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><nav>Home | Sport | Business</nav>"
            f"<article><h1>{title}</h1><p>{body}</p></article><footer>Copyright</footer></body></html>").encode()


def warc_gz(path: Path) -> None:
    """Two good pages, a request, a 404, an image, a page in bad UTF-8, then a cut-off member."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    w = WARCWriter(buf, gzip=True)

    def response(url: str, status: str, ctype: str, body: bytes, date: str = "2026-11-12T06:00:00Z") -> None:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": date}))

    response("https://news.example/sport/derby", "200 OK", "text/html; charset=utf-8", page(*STORIES["derby"]))
    w.write_record(w.create_warc_record("https://news.example/sport/derby", "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    response("https://news.example/missing", "404 Not Found", "text/html", b"<html>gone</html>")
    response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
    response("https://news.example/bad-bytes", "200 OK", "text/html; charset=utf-8", b"<html><p>caf\xe9 \xff</p></html>")
    response("https://news.example/business/merger", "200 OK", "text/html; charset=utf-8", page(*STORIES["merger"]),
             date="2026-11-12T07:30:00Z")
    good = buf.getvalue()
    response("https://news.example/cut", "200 OK", "text/html", page(*STORIES["budget"]))
    path.write_bytes(buf.getvalue()[: len(good) + 200])  # the last member cut short


def read(path: Path) -> tuple[list[Article], list[InputError], list[Note]]:
    items = list(iter_sources([path]))
    arts = [a for a in iter_articles([path]) if isinstance(a, Article)]
    errors = [e for e in iter_articles([path]) if isinstance(e, InputError)]
    return arts, errors, [n for n in items if isinstance(n, Note)]


def test_rss_items_are_articles_with_title_link_date_author_and_clean_text(tmp_path):
    (tmp_path / "courier.rss").write_text(RSS, encoding="utf-8")
    arts, errors, _ = read(tmp_path / "courier.rss")
    assert [a.title for a in arts] == [STORIES["budget"][0], STORIES["derby"][0]]
    budget = arts[0]
    assert budget.url == "https://courier.example/news/budget" and str(budget.date_published) == "2026-11-02"
    assert budget.authors == ("Ines Ford",) and budget.publisher == "Valley Courier"
    assert STORIES["budget"][1] in budget.text and "alert" not in budget.text
    assert budget.id.startswith("courier-example-news-budget-")
    assert STORIES["derby"][1] in arts[1].text  # from the escaped HTML of <description>
    assert len(errors) == 1 and "courier.rss#item2 (Photo gallery)" in str(errors[0])
    assert "no content or summary" in str(errors[0])


def test_a_cut_off_atom_feed_is_one_line_and_its_good_entry_is_read(tmp_path):
    (tmp_path / "wire.atom").write_text(ATOM, encoding="utf-8")
    arts, errors, _ = read(tmp_path / "wire.atom")
    merger = next(a for a in arts if a.title == STORIES["merger"][0])
    assert merger.url == "https://wire.example/deals/lumen-arcway" and merger.authors == ("Tom Reyes",)
    assert str(merger.date_published) == "2026-11-10" and STORIES["merger"][1] in merger.text
    feed_errors = [e for e in errors if e.source == str(tmp_path / "wire.atom")]
    assert len(feed_errors) == 1 and "malformed feed" in str(feed_errors[0]) and "line" in str(feed_errors[0])


def test_a_warc_gz_gives_each_html_page_with_url_and_capture_date_and_skips_the_rest(tmp_path):
    warc_gz(tmp_path / "crawl.warc.gz")
    arts, errors, notes = read(tmp_path / "crawl.warc.gz")
    assert [a.url for a in arts] == ["https://news.example/sport/derby", "https://news.example/business/merger"]
    assert [a.captured_at for a in arts] == ["2026-11-12T06:00:00Z", "2026-11-12T07:30:00Z"]
    assert STORIES["derby"][1] in arts[0].text and "Copyright" not in arts[0].text
    assert arts[0].id.startswith("news-example-sport-derby-")
    reasons = sorted(str(e) for e in errors)
    assert len(reasons) == 2
    assert any("#record5 (https://news.example/bad-bytes)" in r and "not decodable" in r for r in reasons)
    assert any("truncated record" in r for r in reasons)
    assert notes == [f"{tmp_path / 'crawl.warc.gz'}: 3 record(s) skipped (not an HTML page with status 200)"]


def test_a_warc_is_read_in_constant_memory_record_by_record(tmp_path):
    """3,000 pages, about 20 MB of HTML: reading them holds one record at a time, not the crawl."""
    import tracemalloc

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with (tmp_path / "big.warc.gz").open("wb") as f:
        w = WARCWriter(f, gzip=True)
        for i in range(3000):
            body = page(f"Story {i}", " ".join(f"Word{i}x{k}" for k in range(600)))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://big.example/{i}", "response", payload=BytesIO(body),
                                                http_headers=http))
    tracemalloc.start()
    count = sum(1 for item in iter_sources([tmp_path / "big.warc.gz"]) if not isinstance(item, (InputError, Note)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 3000
    assert peak < 3_000_000, f"peak {peak:,} bytes"


@pytest.mark.model
def test_feeds_and_a_crawl_build_into_the_store_with_their_metadata(tmp_path):
    import pyoxigraph as ox

    from kg.build import Hooks, build

    src = tmp_path / "src"
    src.mkdir()
    (src / "courier.rss").write_text(RSS, encoding="utf-8")
    (src / "wire.atom").write_text(ATOM, encoding="utf-8")
    warc_gz(src / "crawl.warc.gz")
    warnings: list[str] = []
    report = build([src], tmp_path / "out", hooks=Hooks(on_warning=warnings.append), html=False)
    assert report.articles == 6 and len(report.errors) == 4  # the cut entry of the Atom feed is read as far as it goes
    assert any("3 record(s) skipped" in w for w in warnings)
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))
    rows = store.query("""PREFIX schema: <https://schema.org/> PREFIX kg: <https://w3id.org/newskg/ontology#>
        SELECT ?url ?headline ?date ?captured WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:url ?url ;
          schema:headline ?headline . OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a kg:capturedAt ?captured } } }
        ORDER BY ?url""")
    got = [(r["url"].value, r["headline"].value, r["date"].value if r["date"] else None,
            r["captured"].value if r["captured"] else None) for r in rows]
    assert got == [
        ("https://courier.example/news/budget", STORIES["budget"][0], "2026-11-02", None),
        ("https://courier.example/sport/derby", STORIES["derby"][0], "2026-11-07", None),
        ("https://news.example/business/merger", STORIES["merger"][0], None, "2026-11-12T07:30:00Z"),
        ("https://news.example/sport/derby", STORIES["derby"][0], None, "2026-11-12T06:00:00Z"),
        ("https://wire.example/deals/lumen-arcway", STORIES["merger"][0], "2026-11-10", None),
    ]


def test_one_story_in_two_feed_snapshots_is_one_article_but_an_update_is_another(tmp_path):
    (tmp_path / "monday.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "tuesday.rss").write_text(RSS, encoding="utf-8")
    updated = RSS.replace("four percent", "five percent")
    (tmp_path / "wednesday.rss").write_text(updated, encoding="utf-8")
    arts = [a for a in iter_articles([tmp_path]) if isinstance(a, Article)]
    budget = [a for a in arts if a.url == "https://courier.example/news/budget"]
    assert len(budget) == 2 and budget[0].id != budget[1].id
    assert "five percent" in budget[1].text and budget[1].id.startswith(budget[0].id)
