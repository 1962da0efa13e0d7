"""English names of rivers and basins come from the catalog; others stay as written."""

from __future__ import annotations

from geo.names import load_names, place_name


def test_every_basin_and_river_of_the_built_in_sections_has_an_english_name() -> None:
    import pandas as pd

    from geo.paths import ROOT

    sections = pd.read_csv(ROOT / "data" / "sections" / "sections.csv")
    missing = sorted((set(sections["basin"]) | set(sections["river"])) - set(load_names()))
    assert missing == []


def test_names_by_language() -> None:
    assert place_name("赣江", "en") == "Gan River" and place_name("赣江", "zh") == "赣江"
    assert place_name("小溪", "en") == "小溪"
