"""Ingestion: formats, metadata from text and sidecars, boilerplate, ids, and every bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import iter_articles
from kg.types import Article

PAGE = """Home / News / Europe

Skip to main content

Storm floods city centre

By Anna Berg in Oslo and Tom Reed | Nordic Post | Updated: 2021-03-04 09:15

Storm floods city centre

BERGEN, Norway — Heavy rain flooded the centre of Bergen on Wednesday. [Photo by Kari Lund/Reuters]

The mayor said the city would rebuild.

Most Viewed in 24 Hours
Copyright 2021 Nordic Post. All rights reserved.
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


def read_all(*paths: Path) -> tuple[list[Article], list[InputError]]:
    items = list(iter_articles(paths))
    return [a for a in items if isinstance(a, Article)], [e for e in items if isinstance(e, InputError)]


def test_text_article_metadata_comes_from_headline_byline_and_dateline(tmp_path):
    arts, errs = read_all(write(tmp_path, "storm.txt", PAGE))
    assert not errs
    a = arts[0]
    assert a.id == "storm"
    assert a.title == "Storm floods city centre"
    assert a.authors == ("Anna Berg", "Tom Reed")
    assert a.publisher == "Nordic Post"
    assert a.date_published == dt.date(2021, 3, 4)
    assert a.dateline == "Bergen"
    assert len(a.content_hash) == 64


def test_boilerplate_lines_and_photo_credits_are_removed(tmp_path):
    a = read_all(write(tmp_path, "storm.txt", PAGE))[0][0]
    for junk in ("Skip to main content", "Home / News", "Most Viewed", "Copyright", "Photo by", "By Anna Berg"):
        assert junk not in a.text
    assert a.text.count("Storm floods city centre") == 1  # the repeated headline is dropped
    assert "Heavy rain flooded the centre of Bergen on Wednesday." in a.text


def test_offsets_in_clean_text_map_back_to_the_source_file(tmp_path):
    a = read_all(write(tmp_path, "storm.txt", PAGE))[0][0]
    for word in ("Bergen", "mayor", "rebuild"):
        i = a.text.index(word)
        j = a.source_offset(i)
        assert a.source_text[j:j + len(word)] == word


def test_sidecar_fields_win_over_what_the_text_says(tmp_path):
    path = write(tmp_path, "storm.txt", PAGE)
    write(tmp_path, "storm.json", json.dumps({"datePublished": "2021-03-05", "title": "T", "authors": ["X Y"],
                                              "url": "https://example.org/a"}))
    a = read_all(path)[0][0]
    assert a.date_published == dt.date(2021, 3, 5)
    assert (a.title, a.authors, a.url) == ("T", ("X Y",), "https://example.org/a")


def test_jsonl_reads_each_line_and_reports_bad_lines_with_their_number(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "Rain fell on Oslo.", "title": "Rain"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Snow fell on Bergen."}),
    ]
    arts, errs = read_all(write(tmp_path, "feed.jsonl", "\n".join(lines)))
    assert [a.id for a in arts][0] == "a1"
    assert arts[1].id.startswith("feed-") and len(arts) == 2
    assert [str(e).split(":")[1] for e in errs] == ["2", "3"]
    assert "malformed JSON" in str(errs[0]) and "missing or empty 'text'" in str(errs[1])


def test_jsonl_id_without_an_id_field_is_stable(tmp_path):
    p = write(tmp_path, "feed.jsonl", json.dumps({"text": "Snow fell on Bergen."}))
    assert read_all(p)[0][0].id == read_all(p)[0][0].id


def test_html_page_gives_main_text_and_metadata(tmp_path):
    html = """<html><head><title>Bridge opens | Daily Planet</title>
    <meta property="og:site_name" content="Daily Planet">
    <meta name="author" content="Lois Lane"><meta property="article:published_time" content="2020-05-06">
    </head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <article><h1>Bridge opens</h1><p>The new bridge over the river opened on Tuesday in Metropolis after
    five years of construction, city officials said.</p><p>Thousands of people walked across it in the
    first hour, and traffic is expected to start next week.</p></article>
    <footer>Copyright 2020 Daily Planet. All rights reserved.</footer></body></html>"""
    a = read_all(write(tmp_path, "bridge.html", html))[0][0]
    assert "new bridge over the river" in a.text
    assert "Copyright" not in a.text and "Home" not in a.text
    assert a.date_published == dt.date(2020, 5, 6)
    assert a.media_type == "text/html"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", "", "empty file"),
        ("blank.txt", "  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 au lait in Paris.".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("page.html", "<html><body><script>var x=1;</script></body></html>", "no article text found"),
        ("report.pdf", "%PDF-1.4", "unsupported file type '.pdf'"),
    ],
)
def test_bad_input_gives_one_line_naming_the_file_and_the_reason(tmp_path, name, data, reason):
    good = write(tmp_path, "good.txt", "Rain fell on Oslo on Monday.")
    bad = write(tmp_path, name, data)
    arts, errs = read_all(good, bad)
    assert [a.id for a in arts] == ["good"]
    assert len(errs) == 1
    message = str(errs[0])
    assert message.startswith(str(bad)) and reason in message and "\n" not in message


def test_missing_path_is_reported(tmp_path):
    arts, errs = read_all(tmp_path / "nope.txt")
    assert not arts and "no such file or directory" in str(errs[0])


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    p = write(tmp_path, "secret.txt", "Rain fell on Oslo.")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    errs = read_all(p)[1]
    assert str(errs[0]) == f"{p}: cannot read (Permission denied)"


def test_folders_are_read_recursively_skipping_sidecars_and_hidden_files(tmp_path):
    write(tmp_path, "a.txt", "Rain fell on Oslo.")
    write(tmp_path, "a.json", json.dumps({"datePublished": "2020-01-01"}))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.txt", "Snow fell on Bergen.")
    (tmp_path / ".hidden").mkdir()
    write(tmp_path / ".hidden", "c.txt", "Hail fell on Tromso.")
    arts, errs = read_all(tmp_path)
    assert sorted(a.id for a in arts) == ["a", "b"] and not errs


def test_two_files_with_one_stem_get_distinct_stable_ids(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        write(tmp_path / d, "story.txt", f"Rain fell on {d}.")
    ids = [a.id for a in read_all(tmp_path)[0]]
    assert ids[0] == "story" and ids[1].startswith("story-") and ids == [a.id for a in read_all(tmp_path)[0]]
