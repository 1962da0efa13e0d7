"""Ganpo Eco Atlas core: pure functions over boundaries, indicator catalogs and values (no UI)."""
