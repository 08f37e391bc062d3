"""Every example query in ontology/queries runs as is on the demo build and gives its expected answer.

The expected answers are golden files (tests/golden/queries/NAME.csv), read and checked by
hand when written; KG_UPDATE_GOLDEN=1 rewrites them after a deliberate change.
"""

from __future__ import annotations

import csv
import io
import os
import re

import pytest

from conftest import ROOT

QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
GOLDEN = ROOT / "tests" / "golden" / "queries"


def as_csv(variables: list[str], rows: list[list[str | None]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(variables)
    w.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


def run_embedded(out_dir, path) -> tuple[list[str], list[list[str | None]]]:
    from kg.store import open_store, run_query

    result = run_query(open_store(out_dir), path.read_text(encoding="utf-8"))
    return result.variables, result.rows


def test_there_are_at_least_eight_documented_queries():
    assert len(QUERIES) >= 8
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert re.match(r"(#[^\n]*\n){2,}", text), f"{q.name} starts with no comment saying what it answers"
        assert "PREFIX kg:" in text, f"{q.name} does not declare its prefixes (it must run as is anywhere)"


@pytest.mark.model
@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_gives_its_expected_answer_on_the_demo(demo_out, query):
    got = as_csv(*run_embedded(demo_out, query))
    golden = GOLDEN / f"{query.stem}.csv"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
