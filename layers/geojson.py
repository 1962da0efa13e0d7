"""A GeoJSON layer whose data is ready text, or fetched by the browser and joined to properties by adcode."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from branca.element import Element
from folium.elements import ElementAddToElement
from folium.map import Layer
from jinja2 import Template

from layers.geometry import GeometryRef
from layers.js import script_json, script_template


class _Text(Element):
    """A finished piece of script, added to the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class GeoJsonText(Layer):
    """A GeoJSON layer whose data is ready JSON text (see script_json), or a GeometryRef that the browser
    fetches (once per page) and joins to `props` by adcode: each feature's style is its `style` property
    unless a fixed `style` is given; optional per-feature code (tooltips) and hover highlight.

    Instead of folium.GeoJson, because the map is drawn on every rerun: folium re-serialises the data and
    branca wraps every rendered script in a new Jinja template, which scans the whole text again (slow for
    geometry) and would interpret a user's '{{ ... }}' or '{%' in a tooltip as template code. Here the
    data is serialised once (cacheable) and the script joins the page as text.
    """

    _template = Template(script_template("geojson.js"))

    def __init__(
        self,
        data: str | GeometryRef,
        name: str,
        style: Mapping[str, Any] | None = None,
        on_each_feature: Any = None,
        highlight: Mapping[str, Any] | None = None,
        interactive: bool = True,
        props: str | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "GeoJson"
        if isinstance(data, GeometryRef):  # fetched by the browser; `props` ({adcode: properties}) joined by adcode
            self.data, self.url, self.props = None, script_json(data.url), props or "null"
            self.prefetch_urls: tuple[str, ...] = (data.url,)  # see layers.script.MapScript.prefetch
        else:
            self.data, self.url, self.props = data, None, None
            self.prefetch_urls = ()
        self.style_js = (
            "function () { return " + json.dumps(dict(style)) + "; }"
            if style is not None
            else "function (feature) { return feature.properties.style; }"
        )
        self.on_each_feature = on_each_feature.js_code if hasattr(on_each_feature, "js_code") else on_each_feature
        self.highlight = json.dumps(dict(highlight)) if highlight else None
        self.interactive = "true" if interactive else "false"

    def render(self, **kwargs: Any) -> None:
        """Add the script as text, then (as any layer) the call that adds it to its parent, then the children."""
        self.get_root().script.add_child(_Text(self._template.module.script(self, kwargs)), name=self.get_name())
        if self.show:
            self.add_child(
                ElementAddToElement(element_name=self.get_name(), element_parent_name=self._parent.get_name()),
                name=self.get_name() + "_add",
            )
        for child in list(self._children.values()):
            child.render(**kwargs)


HIGHLIGHT = {"weight": 3, "color": "#000"}
