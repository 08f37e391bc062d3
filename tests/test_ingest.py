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


def test_a_lone_surrogate_escaped_in_jsonl_becomes_a_replacement_character_in_place(tmp_path):
    # "\ud83d\ude00" is a pair (one emoji) and stays; "\udc00" alone is no character.
    line = json.dumps({"text": "Goals \U0001F600 for Lyon \udc00 in Paris.", "title": "Cup \ud800"})
    assert "\\udc00" in line
    (art,), errs = read_all(write(tmp_path, "feed.jsonl", line))
    assert errs == [] and art.title == "Cup \ufffd"
    assert art.text == "Goals \U0001F600 for Lyon \ufffd in Paris."
    art.text.encode("utf-8")  # it now fits any UTF-8 file, store or cache entry


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


# Bylines, boilerplate and datelines: a line is dropped only when it is not the story's text.

def one_article(tmp_path: Path, text: str) -> Article:
    arts, errs = read_all(write(tmp_path, "story.txt", text))
    assert not errs, errs
    return arts[0]


@pytest.mark.parametrize(
    ("byline", "authors", "publisher", "date"),
    [
        ("By Mara Lindqvist", ("Mara Lindqvist",), None, None),
        ("By Mara Lindqvist and Tomas Ekwall in Lima", ("Mara Lindqvist", "Tomas Ekwall"), None, None),
        ("By MARA LINDQVIST, Associated Press", ("Mara Lindqvist",), "Associated Press", None),
        ("By Mara Lindqvist | Harbour Gazette | Updated: 2021-03-04 10:15", ("Mara Lindqvist",), "Harbour Gazette",
         dt.date(2021, 3, 4)),
        ("By Mara Lindqvist, Tomas Ekwall & Ines de la Vega", ("Mara Lindqvist", "Tomas Ekwall", "Ines de la Vega"),
         None, None),
        ("By Mara Lindqvist in Quito, Ecuador, staff writer", ("Mara Lindqvist",), None, None),
    ],
)
def test_each_byline_form_gives_its_authors_and_the_line_is_dropped(tmp_path, byline, authors, publisher, date):
    body = "The ferry company cut its summer timetable after fuel prices rose for a third month."
    a = one_article(tmp_path, f"Ferry timetable cut\n\n{byline}\n\n{body}\n")
    assert (a.authors, a.publisher, a.date_published) == (authors, publisher, date)
    assert a.title == "Ferry timetable cut"
    assert byline not in a.text and body in a.text


@pytest.mark.parametrize(
    "sentence",
    [
        "By noon, police had sealed the road.",
        "By 2030 the company expects to double output.",
        "By Tuesday the river had risen two metres.",
        "By contrast, exports fell.",
        "By winning the final, Spain qualified.",
        "By a narrow margin, the council voted to keep the library open on Sundays.",
        "By Friday evening the striker had signed a three-year contract.",
        "By March, the telescope had found four more comets than in all of last year.",
        "By Order Of The Court, Bail Is Refused",
    ],
)
def test_a_sentence_opening_with_by_is_kept_as_text_and_names_no_author(tmp_path, sentence):
    rest = "Officials said more would be known by the weekend."
    a = one_article(tmp_path, f"Late news\n\n{sentence}\n\n{rest}\n")
    assert a.authors == ()
    assert a.text == a.source_text  # nothing dropped
    assert sentence in a.text


def test_an_article_whose_only_sentence_opens_with_by_is_not_an_error(tmp_path):
    text = "By a vote of seven to two, the judges upheld the ban on night flights over the city."
    arts, errs = read_all(write(tmp_path, "feed.jsonl", json.dumps({"id": "ruling", "text": text})))
    assert not errs
    assert (arts[0].id, arts[0].text, arts[0].authors) == ("ruling", text, ())


def test_long_paragraphs_about_copyright_photos_subscriptions_and_sharing_are_kept(tmp_path):
    paragraphs = [
        "Copyright lawyers for the two songwriters told the appeal court that the chorus had been copied note for "
        "note, and that all rights reserved by the original publisher had passed to their clients in 1998.",
        "Photo: the agency said its photographers had been barred from the stadium, and that it would sue the club "
        "for the lost fees. The club said the ban was about safety.",
        "Photos taken by a passenger show the wing of the aircraft on fire minutes after take-off, investigators said.",
        "Subscribers who signed up before March will keep the old price, the streaming service said on Monday. "
        "New customers will pay two euros more.",
        "Share prices of the chip maker fell by a fifth after it said demand for its newest processors had slowed.",
        "The researchers said they had shared the data without written permission from the hospital, which they "
        "called an oversight.",
        "© symbols were printed on every page of the leaked report, which the minister said had been stolen from "
        "her office in a break-in last spring.",
    ]
    text = "Court hears music copyright appeal\n\n" + "\n\n".join(paragraphs) + "\n"
    a = one_article(tmp_path, text)
    assert a.text == a.source_text
    for p in paragraphs:
        assert p in a.text


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", "skip-link"),
        ("Copyright 2022 Harbour Gazette. All rights reserved.", "copyright-notice"),
        ("© 2019 Example Media Ltd", "copyright-notice"),
        ("Example Weekly Group. All rights reserved.", "rights-reserved"),
        ("Photo: Jane Roe/Example Agency", "media-credit"),
        ("Picture: courtesy of the family", "media-credit"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "reuse-notice"),
        ("No part of this publication may be reproduced without the prior written permission of the publisher.",
         "reuse-notice"),
        ("Without written authorization from the publisher, such content shall not be republished or used in any form.",
         "reuse-permission"),
        ("Registration Number: 130349", "licence-number"),
        ("Browsers with 1280*800 or higher resolution are recommended for this site.", "browser-note"),
        ("Contact the reporter at desk@example.org", "contact-writer"),
        ("Most Read This Week", "most-read"),
        ("Subscribe", "page-widget"),
        ("Related stories", "page-widget"),
        ("site-pixel", "tracking-pixel"),
        ("Home / Sport / Cycling", "breadcrumb-home"),
        ("Sport > Cycling > Results", "breadcrumb"),
    ],
)
def test_real_boilerplate_lines_are_still_dropped_by_the_rule_named(tmp_path, line, rule):
    from kg.ingest.boilerplate import BoilerplateRules

    body = "The cycling federation banned two riders for four years after failed doping tests."
    a = one_article(tmp_path, f"Riders banned\n\n{body}\n\n{line}\n")
    assert BoilerplateRules.load().why(line) == rule
    assert line not in a.text and body in a.text


def test_a_photo_caption_that_says_something_is_kept_but_a_credit_is_dropped(tmp_path):
    caption = "Photo: Firefighters carry a child from the flooded school in the north of the town"
    credit = "Photo: Lena Ortiz/Example Wire"
    a = one_article(tmp_path, f"Floods close schools\n\nThe school was evacuated at dawn.\n\n{caption}\n{credit}\n")
    assert caption in a.text and credit not in a.text


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("HARBOURTON, Maine (AP) _ Lobster boats stayed in port on Tuesday as a storm moved up the coast.", "Harbourton"),
        ("KELSO (Reuters) - Shares in the brewer rose after it agreed to buy a rival.", "Kelso"),
        ("VALDORA, Norland — The central bank left interest rates unchanged on Thursday.", "Valdora"),
    ],
)
def test_a_wire_dateline_is_recorded_and_its_text_is_kept(tmp_path, line, place):
    a = one_article(tmp_path, f"Storm keeps boats in port\n\n{line}\n")
    assert a.dateline == place
    assert a.text == a.source_text and line in a.text


def test_a_wire_line_of_place_and_date_gives_dateline_and_date_and_stays(tmp_path):
    a = one_article(tmp_path, "KELSO 2021-06-02\n\nShares in the brewer rose after it agreed to buy a rival.\n")
    assert a.dateline == "Kelso" and str(a.date_published) == "2021-06-02"
    assert "KELSO 2021-06-02" in a.text


def test_a_date_line_is_read_and_dropped_but_a_sentence_naming_a_publication_date_is_kept(tmp_path):
    sentence = "The survey, published on 4 May 2019, found rents had doubled."
    a = one_article(tmp_path, f"Rents double\n\nUpdated: 2021-06-02 08:30\n\n{sentence}\n")
    assert a.date_published == dt.date(2021, 6, 2) and "Updated" not in a.text and sentence in a.text
    b = one_article(tmp_path, f"Rents double\n\n{sentence}\n")
    assert b.date_published is None and b.text == b.source_text


def test_a_page_flattened_onto_one_line_keeps_its_text_and_loses_only_the_skip_link(tmp_path):
    story = ("The port of Valdora reopened on Monday after a two-year rebuild, and the first container ship "
             "docked before noon, the harbour master said.")
    a = one_article(tmp_path, f"Skip to main content {story}\n")
    assert story in a.text and "Skip to" not in a.text
