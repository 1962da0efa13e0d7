"""Regional comparison: pick regions (by group or search), a side-by-side table with city and province reference
rows, rankings, counts of counties meeting each target, biggest movers since a base year, and the pace needed.

Every function takes the canonical values table "at all levels" (`all_levels`: county rows plus city and province
aggregates, explicit rows winning) and returns a new table; nothing here draws or reads files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from geo.aggregation import aggregate, root_code
from geo.attainment import assess_indicator, levels_of
from geo.catalog import Catalog, Indicator
from geo.errors import AtlasError
from geo.pace import Pace, pace  # noqa: F401  (re-exported: the compare tab reads cmp.pace)
from geo.regions import RegionIndex, normalise_code
from geo.rules import RULES, STATUSES
from geo.values import combine, normalise

ROLES = ("selected", "city", "province")  # row kinds of the side-by-side table, in display order
MISSING_STATUSES = ("not_met", "near")  # "not meeting the target": short of it, whether by a little or a lot
TABLE_COLUMNS: tuple[str, ...] = (
    "role",
    "adcode",
    "name_zh",
    "name_en",
    "level",
    "city_zh",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "unit",
    "year",
    "value",
    "target",
    "status",
    "gap",
    "provenance",
    "source",
)


def all_levels(values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """County rows plus city and province aggregates; explicit city or province rows win over aggregates."""
    values = normalise(values)
    return combine(aggregate(values, regions, catalog, "city"), aggregate(values, regions, catalog, "province"), values)


def comparable(catalog: Catalog) -> list[Indicator]:
    """Indicators with county values (the plan's county-level targets and the tracked comparison figures)."""
    return [ind for ind in catalog.indicators if ind.level == "county"]


def scored(catalog: Catalog) -> list[Indicator]:
    """County indicators whose plan target binds each county (catalog `target.lower: each`).

    A provincial total (e.g. 2760.7万亩 of protected areas, `lower: share`) is no target for a county.
    """
    return [ind for ind in comparable(catalog) if ind.scored_at("county")]


# ---------------------------------------------------------------------------------------------- selection


def _counties(regions: pd.DataFrame) -> pd.DataFrame:
    return regions.loc[regions["level"].astype(str) == "county"]


def cities(regions: pd.DataFrame) -> dict[str, str]:
    """City adcode -> Chinese name, in regions order."""
    rows = regions.loc[regions["level"].astype(str) == "city"]
    return dict(zip(rows["adcode"].astype(str), rows["name_zh"].astype(str)))


def counties_of(regions: pd.DataFrame, city: str) -> list[str]:
    """The county adcodes of one city, in regions order; AtlasError for a code that is not a city."""
    if city not in cities(regions):
        some = next(iter(cities(regions).items()), ("", ""))
        raise AtlasError(
            f"{city!r} is not a city of the regions table", f"use a city adcode such as {some[0]} ({some[1]})"
        )
    rows = _counties(regions)
    return list(rows.loc[rows["parent_adcode"].astype(str) == city, "adcode"].astype(str))


def not_meeting(
    levels: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, indicator: str, year: int, city: str | None = None
) -> list[str]:
    """County adcodes (of one city, if given) whose value in `year` falls short of the target (not met or near)."""
    codes = counties_of(regions, city) if city else list(_counties(regions)["adcode"].astype(str))
    assessed = assess_indicator(levels, catalog, indicator, int(year), codes, "county")
    return [c for c, s in zip(codes, assessed["status"]) if s in MISSING_STATUSES]


def _fold(text: str) -> str:
    """Lower-case ASCII letters only, tone marks dropped: 'Zhānggòng Qū' -> 'zhanggongqu'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def search(regions: pd.DataFrame, text: str, index: RegionIndex | None = None, limit: int = 20) -> list[str]:
    """City and county adcodes whose Chinese name contains `text`, or whose pinyin, English name or code starts with it."""
    query = unicodedata.normalize("NFKC", str(text)).strip()
    if not query:
        return []
    rows = regions.loc[regions["level"].astype(str).isin(("city", "county"))]
    latin = _fold(query)
    hits: list[str] = []
    for code, zh, en, py in rows[["adcode", "name_zh", "name_en", "pinyin"]].astype(str).itertuples(index=False):
        if (
            query in zh
            or (query.isdigit() and code.startswith(query))
            or (latin and (_fold(py).startswith(latin) or _fold(en).startswith(latin)))
        ):
            hits.append(code)
    if not hits and index is not None:
        try:  # an old name or code (e.g. 赣县 -> 赣县区) still finds its region
            found = index.resolve(query)
        except AtlasError:
            found = None
        if found and found in set(rows["adcode"].astype(str)):
            hits.append(found)
    return hits[:limit]


def parse_codes(text: str, known: Iterable[str]) -> tuple[list[str], list[str]]:
    """Codes from link text '360702,360703' -> (known codes in order without repeats, the parts not understood)."""
    allowed = set(known)
    good: list[str] = []
    bad: list[str] = []
    for part in re.split(r"[,，\s]+", str(text or "")):
        if not part:
            continue
        code = normalise_code(part)
        if code in allowed:
            if code not in good:
                good.append(code)
        else:
            bad.append(part)
    return good, bad


# ---------------------------------------------------------------------------------------------- tables


def _names(regions: pd.DataFrame) -> pd.DataFrame:
    return regions.assign(adcode=regions["adcode"].astype(str)).set_index("adcode")


def reference_codes(regions: pd.DataFrame, selected: Sequence[str]) -> list[tuple[str, str]]:
    """(role, adcode) rows of the table: the selection, then the cities of selected counties, then the province."""
    names = _names(regions)
    rows = [("selected", c) for c in selected]
    seen = set(selected)
    for c in selected:
        parent = str(names.at[c, "parent_adcode"]) if names.at[c, "level"] == "county" else ""
        if parent and parent not in seen:
            rows.append(("city", parent))
            seen.add(parent)
    root = root_code(regions)
    if root not in seen:
        rows.append(("province", root))
    return rows


def comparison(
    levels: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    selected: Sequence[str],
    year: int,
    indicators: Sequence[str] | None = None,
    assessed: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Tidy side-by-side table: one row per (region, indicator) with value, target, status, gap and provenance;
    `assessed` is `assessments(...)` of the same year when the caller keeps it (the table then only selects)."""
    names = _names(regions)
    unknown = [c for c in selected if c not in names.index]
    if unknown:
        raise AtlasError(f"{', '.join(unknown)} not in the regions table", "use six-digit adcodes from the region list")
    inds = [catalog.get(i) for i in indicators] if indicators is not None else comparable(catalog)
    rows = reference_codes(regions, selected)
    codes = [c for _, c in rows]
    # The regions' columns once, not once per indicator.
    mine = names.loc[codes]
    named = {
        "name_zh": mine["name_zh"].astype(str).to_numpy(),
        "name_en": mine["name_en"].astype(str).to_numpy(),
        "level": mine["level"].astype(str).to_numpy(),
        "city_zh": mine["city_zh"].fillna("").astype(str).to_numpy(),
    }
    parts = []
    for ind in inds:
        if assessed is not None and ind.id in assessed:
            a = assessed[ind.id].loc[codes]
        else:
            a = assess_indicator(levels, catalog, ind.id, int(year), codes, levels_of(regions))
        parts.append(
            pd.DataFrame(
                {
                    "role": [r for r, _ in rows],
                    "adcode": codes,
                    **named,
                    "indicator": ind.id,
                    "indicator_zh": ind.name_zh,
                    "indicator_en": ind.name_en,
                    "unit": ind.unit,
                    "year": int(year),
                    "value": a["value"].to_numpy(),
                    "target": a["target_used"].to_numpy(),
                    "status": a["status"].to_numpy(),
                    "gap": a["gap"].round(6).to_numpy(),
                    "provenance": a["provenance"].to_numpy(),
                    "source": a["source"].to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(TABLE_COLUMNS)]


def wide(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Regions as rows, indicators as columns (values), in the table's order — the side-by-side view."""
    name = "name_zh" if lang == "zh" else "name_en"
    ind = "indicator_zh" if lang == "zh" else "indicator_en"
    order_r = list(dict.fromkeys(table["adcode"]))
    order_i = list(dict.fromkeys(table[ind]))
    out = table.pivot_table(index="adcode", columns=ind, values="value", aggfunc="first", dropna=False)
    out = out.reindex(index=order_r, columns=order_i)
    first = table.drop_duplicates("adcode").set_index("adcode")
    out.insert(0, "name", first.loc[order_r, name].to_numpy())
    out.insert(1, "role", first.loc[order_r, "role"].to_numpy())
    out.columns.name = None
    return out


def ranking(levels: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, indicator: str, year: int) -> pd.DataFrame:
    """Every county with its value, status and gap, best first (rank 1), counties without a value last."""
    ind = catalog.get(indicator)
    counties = _counties(regions)
    codes = list(counties["adcode"].astype(str))
    a = assess_indicator(levels, catalog, ind.id, int(year), codes, "county")
    better = RULES[ind.rule].better
    out = pd.DataFrame(
        {
            "adcode": codes,
            "name_zh": counties["name_zh"].astype(str).to_numpy(),
            "name_en": counties["name_en"].astype(str).to_numpy(),
            "city_zh": counties["city_zh"].astype(str).to_numpy(),
            "value": a["value"].astype("float64").to_numpy(),
            "target": a["target_used"].astype("float64").to_numpy(),
            "status": a["status"].astype(str).to_numpy(),
            "gap": a["gap"].astype("float64").round(6).to_numpy(),
        }
    )
    out["rank"] = (
        out["value"].rank(ascending=(better == "lower"), method="min").astype("Int64")
        if better
        else pd.array([pd.NA] * len(out), dtype="Int64")
    )
    return out.sort_values(["rank", "adcode"], na_position="last", kind="stable").reset_index(drop=True)


def best_worst(ranked: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n best and n worst ranked counties (worst listed worst first); unranked counties are in neither."""
    have = ranked.loc[ranked["rank"].notna()]
    return have.head(n).reset_index(drop=True), have.iloc[::-1].head(n).reset_index(drop=True)


def assessments(levels: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, year: int) -> dict[str, pd.DataFrame]:
    """{indicator: assess_indicator of every city, county and the province in `year`}, for each comparable
    indicator: what `comparison` and `target_counts` select from (a region's assessment does not depend on the
    others assessed with it)."""
    lv = levels_of(regions)
    codes = [c for c, level in lv.items() if level in ("city", "county") or c == root_code(regions)]
    return {ind.id: assess_indicator(levels, catalog, ind.id, int(year), codes, lv) for ind in comparable(catalog)}


def target_counts(
    levels: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    year: int,
    assessed: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Per county-scored indicator: how many counties are met, near, not_met, no_data in `year`, of how many
    (`assessed` as for `comparison`)."""
    codes = list(_counties(regions)["adcode"].astype(str))
    rows = []
    for ind in scored(catalog):
        if assessed is not None and ind.id in assessed:
            counts = assessed[ind.id].loc[codes, "status"].value_counts()
        else:
            counts = assess_indicator(levels, catalog, ind.id, int(year), codes, "county")["status"].value_counts()
        rows.append(
            {
                "indicator": ind.id,
                "indicator_zh": ind.name_zh,
                "indicator_en": ind.name_en,
                **{s: int(counts.get(s, 0)) for s in STATUSES if s != "tracked"},
                "counties": len(codes),
            }
        )
    return pd.DataFrame(
        rows, columns=["indicator", "indicator_zh", "indicator_en", "met", "near", "not_met", "no_data", "counties"]
    )


def base_year(levels: pd.DataFrame, ind: Indicator) -> int | None:
    """The indicator's baseline year from the catalog, else the earliest year with a county value."""
    if ind.baseline_year is not None:
        return int(ind.baseline_year)
    years = levels.loc[(levels["indicator"] == ind.id) & levels["value"].notna(), "year"]
    return int(years.min()) if len(years) else None


def movers(
    levels: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, indicator: str, year: int, since: int | None = None
) -> pd.DataFrame:
    """Counties with values in both years: base value, value, change and improvement (+ = better), best first."""
    ind = catalog.get(indicator)
    since = base_year(levels, ind) if since is None else int(since)
    better = RULES[ind.rule].better
    counties = _names(_counties(regions))
    mine = levels.loc[levels["indicator"] == ind.id].drop_duplicates(["adcode", "year"], keep="last")
    by = mine.assign(adcode=mine["adcode"].astype(str)).set_index(["adcode", "year"])["value"].astype("float64")
    rows = []
    for code in counties.index:
        base, now = by.get((code, since)), by.get((code, int(year)))
        if since is None or base is None or now is None or pd.isna(base) or pd.isna(now):
            continue
        change = round(float(now) - float(base), 6)
        rows.append(
            {
                "adcode": code,
                "name_zh": counties.at[code, "name_zh"],
                "name_en": counties.at[code, "name_en"],
                "city_zh": counties.at[code, "city_zh"],
                "base_year": since,
                "base": float(base),
                "year": int(year),
                "value": float(now),
                "change": change,
                "improvement": -change if better == "lower" else change,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "adcode",
            "name_zh",
            "name_en",
            "city_zh",
            "base_year",
            "base",
            "year",
            "value",
            "change",
            "improvement",
        ],
    )
    return out.sort_values(["improvement", "adcode"], ascending=[False, True], kind="stable").reset_index(drop=True)


def series(levels: pd.DataFrame, regions: pd.DataFrame, indicator: str, adcodes: Sequence[str]) -> pd.DataFrame:
    """Values over the years of the given regions: adcode, name_zh, name_en, year, value (rows with a value)."""
    names = _names(regions)
    mine = levels.loc[
        (levels["indicator"] == indicator) & levels["adcode"].astype(str).isin(list(adcodes)) & levels["value"].notna()
    ]
    mine = mine.drop_duplicates(["adcode", "year"], keep="last")
    out = pd.DataFrame(
        {
            "adcode": mine["adcode"].astype(str).to_numpy(),
            "year": mine["year"].astype(int).to_numpy(),
            "value": mine["value"].astype("float64").to_numpy(),
        }
    )
    out["name_zh"] = out["adcode"].map(names["name_zh"].astype(str))
    out["name_en"] = out["adcode"].map(names["name_en"].astype(str))
    order = {c: i for i, c in enumerate(adcodes)}
    out["_o"] = out["adcode"].map(order)
    return (
        out.sort_values(["_o", "year"])
        .drop(columns="_o")
        .reset_index(drop=True)[["adcode", "name_zh", "name_en", "year", "value"]]
    )


def pace_lines(
    data: pd.DataFrame, target: float | None, target_year: int, better: str | None, name: str = "name_zh"
) -> pd.DataFrame:
    """Per region of a `series` table still short of the target: two points, latest value -> target at target year."""
    rows = []
    if target is None or pd.isna(target) or better is None:
        return pd.DataFrame(columns=["adcode", "name", "year", "value", "per_year"])
    for code, part in data.groupby("adcode", sort=False):
        p = pace(dict(zip(part["year"], part["value"])), float(target), int(target_year), better)
        if p is None or p.met or not p.needed_per_year:
            continue
        label = str(part[name].iloc[0])
        rows += [
            {"adcode": code, "name": label, "year": p.year, "value": p.value, "per_year": p.needed_per_year},
            {"adcode": code, "name": label, "year": p.target_year, "value": p.target, "per_year": p.needed_per_year},
        ]
    return pd.DataFrame(rows, columns=["adcode", "name", "year", "value", "per_year"])
