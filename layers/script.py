"""A folium map as two page scripts with stable names: the base map (drawn once) and its overlay (swapped in place).

The app draws the map in the page itself (`ui/leafletmap.py`, no iframe): the browser runs the *base* script
(map, extent, tiles, outlines, highlights) when it changes, and on every other rerun only removes the previous
*overlay* (indicator layer with its legend, status symbols, layer control) and runs the new one, so pan and
zoom are kept and the outlines are not drawn again. Both scripts define globals; their names are stable
(`<prefix>b<n>` for the base, `<prefix>o<n>` for the overlay) so that an overlay built on a later rerun
finds the base map drawn on an earlier one, and a new overlay replaces the previous one's globals instead
of piling up beside them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import folium
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.template import Template


@dataclass(frozen=True)
class MapScript:
    """What a page needs to draw a folium map: assets, the base script, the overlay script and their names."""

    map_name: str  # the global the base script defines, and the id of the element it draws into
    assets: tuple[tuple[str, str], ...]  # ("js" | "css", URL), in load order
    base: str
    overlay: str
    overlay_names: tuple[str, ...]  # the overlay's top-level layers and controls, removed before the next one
    prefetch: tuple[str, ...] = ()  # data files the scripts fetch: a page may start loading them before Leaflet

    @property
    def base_key(self) -> str:
        """A digest of the base script: the page draws the base again only when this changes."""
        return _digest(self.base)

    @property
    def overlay_key(self) -> str:
        """A digest of the overlay script."""
        return _digest(self.overlay)


class LayerSwitch(folium.LayerControl):
    """folium's layer control, but defined with `var` (folium's `let` would not outlive the script that made
    it, and the page removes the previous control through its global name before adding the next one)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control.layers(
    { {%- for name, layer in this.base_layers.items() %}{{ name|tojson }}: {{ layer }}, {% endfor -%} },
    { {%- for name, layer in this.overlays.items() %}{{ name|tojson }}: {{ layer }}, {% endfor -%} },
    {{ this.options|tojavascript }}
).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")


def map_script(m: folium.Map, overlay: Sequence[Element] = (), prefix: str = "gp") -> MapScript:
    """Render `m` with `overlay` (feature groups, a LayerSwitch) added on top, split into base and overlay.

    `m` is consumed: the overlay elements become its children and every element is renamed."""
    base_elements = list(_walk(m))
    for i, el in enumerate(base_elements):
        el._id = f"{prefix}b{i}"
    for el in overlay:
        m.add_child(el)
    overlay_elements = [e for top in overlay for e in _walk(top)]
    for i, el in enumerate(overlay_elements):
        el._id = f"{prefix}o{i}"
    figure = m.get_root()
    figure.render()
    # Walked again after rendering: layers add their `addTo` elements to themselves while rendering.
    overlay_set = {el.get_name() for top in overlay for el in _walk(top)}
    base_parts, overlay_parts = [], []
    for name, part in figure.script._children.items():
        (overlay_parts if name in overlay_set else base_parts).append(part.render())
    assets, prefetch = page_loads(m)
    # The overlay's files first: the server answers in turn, and the indicator layer is what a person waits for
    # (the context outlines are drawn after it).
    first = {url for top in overlay for url in page_loads(top)[1]}
    prefetch = tuple(sorted(prefetch, key=lambda url: url not in first))
    return MapScript(
        map_name=m.get_name(),
        assets=assets,
        base="\n".join(base_parts),
        overlay="\n".join(overlay_parts),
        overlay_names=tuple(el.get_name() for el in overlay),
        prefetch=prefetch,
    )


def page_loads(root: Element) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What a page loads to draw the tree under `root`: the ("js" | "css", URL) assets in load order, and the
    data files its scripts fetch (elements' `prefetch_urls`)."""
    assets: dict[str, tuple[str, str]] = {}
    prefetch: dict[str, None] = {}
    for el in _walk(root):
        if isinstance(el, JSCSSMixin):
            for _, url in el.default_js:
                assets.setdefault(url, ("js", url))
            for _, url in el.default_css:
                assets.setdefault(url, ("css", url))
        prefetch.update(dict.fromkeys(getattr(el, "prefetch_urls", ())))
    return tuple(assets.values()), tuple(prefetch)


def _walk(root: Element) -> Iterator[Element]:
    yield root
    for child in list(root._children.values()):
        yield from _walk(child)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
