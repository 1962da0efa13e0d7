"""folium layers built from geo results; the only package that imports folium (no streamlit)."""
