"""Regenerate country_ids.tsv: ISO 3166-1 alpha-2 → alpha-3, Wikidata item, English name.

Source: borders.json of the country-coder npm package (ISC licence; its Wikidata ids are CC0):
    npm pack @rapideditor/country-coder && tar xzf rapideditor-country-coder-*.tgz
    python data/gazetteer/make_country_ids.py package/src/data/borders.json > data/gazetteer/country_ids.tsv
Former states that package lacks (ISO 3166-3) are kept by hand in FORMER below.
"""

from __future__ import annotations

import json
import sys

FORMER = [  # code, alpha-3, Wikidata, name (ISO 3166-3 former country names)
    ("SU", "SUN", "Q15180", "Soviet Union"),
    ("YU", "YUG", "Q83286", "Yugoslavia"),
    ("CS", "CSK", "Q33946", "Czechoslovakia"),
    ("DD", "DDR", "Q16957", "East Germany"),
]
NOT_STATES = {"EU", "UN", "EA", "FX"}  # exceptional reservations of country-coder that are no country


def main(path: str) -> None:
    rows = {}
    for feature in json.load(open(path, encoding="utf-8"))["features"]:
        p = feature["properties"]
        if p.get("iso1A2") and p.get("wikidata") and p["iso1A2"] not in NOT_STATES:
            rows[p["iso1A2"]] = (p["iso1A2"], p.get("iso1A3", ""), p["wikidata"], p.get("nameEn", ""))
    for row in FORMER:
        rows.setdefault(row[0], row)
    print("code\talpha3\twikidata\tname")
    for code in sorted(rows):
        print("\t".join(rows[code]))


if __name__ == "__main__":
    main(sys.argv[1])
