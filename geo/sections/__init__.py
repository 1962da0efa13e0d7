"""Water-quality monitoring sections: import with per-row checks, county by position, attainment, map layer.

One module per job: `importer` reads and checks a sections table, `placement` puts a section in the county its
position lies in, `attainment` judges classes against targets and gives the rates, `layer` builds the points of
the map and the export. The names callers use are listed here.
"""

from geo.sections.attainment import (
    INDICATOR,
    SECTION_STATUSES,
    basin_summary,
    section_attainment,
    section_rate_values,
    weakest,
)
from geo.sections.importer import SectionsImport, import_sections, load_builtin_sections
from geo.sections.layer import LAYER_COLUMNS, sections_layer

__all__ = [
    "INDICATOR",
    "LAYER_COLUMNS",
    "SECTION_STATUSES",
    "SectionsImport",
    "basin_summary",
    "import_sections",
    "load_builtin_sections",
    "section_attainment",
    "section_rate_values",
    "sections_layer",
    "weakest",
]
