"""One reader per file format (CSV, XLSX, GeoJSON/GeoPackage, zipped shapefile); geo.table picks one by name."""

FORMATS_HINT = "use CSV, XLSX, GeoJSON or GeoPackage (.csv, .xlsx, .geojson, .gpkg)"
