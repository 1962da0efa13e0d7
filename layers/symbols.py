"""Status symbols at each region's interior point, drawn by one Leaflet layer (cheap: one element, not 100)."""

from __future__ import annotations

import json

from folium.map import Layer
from jinja2 import Template

from layers.palette import PROVENANCE_MARKS, STATUS_STYLES

_ALLOWED = {s.symbol for s in STATUS_STYLES.values()} | set(PROVENANCE_MARKS.values())


class SymbolLayer(Layer):
    """A layer group of small text markers; symbols come only from the palette, names never enter it."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (points) {
  var group = L.layerGroup();
  // Placed once the page's indicator layer is drawn (layers/mapview.py sets window.__gpInteractive): 100
  // markers are 100 elements, and the counties come first.
  Promise.resolve(window.__gpInteractive).catch(function () {}).then(function () {
    points.forEach(function (p) {
      var icon = L.divIcon({className: 'gp-sym', html: '', iconSize: [22, 14], iconAnchor: [11, 7]});
      var marker = L.marker([p[0], p[1]], {icon: icon, interactive: false, keyboard: false});
      marker.on('add', function () {
        var el = marker.getElement();
        el.textContent = p[2];
        el.style.cssText += ';font:bold 12px sans-serif;color:#222;text-shadow:0 0 2px #fff;text-align:center;white-space:nowrap';
      });
      group.addLayer(marker);
    });
  });
  return group;
})({{ this.payload }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, points: list[tuple[float, float, str]], name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "SymbolLayer"
        bad = {c for _, _, s in points for c in s} - _ALLOWED  # a symbol, a mark, or a symbol and its mark
        if bad:
            raise ValueError(f"symbols {sorted(bad)} are not in the palette")
        self.payload = json.dumps([[round(lat, 5), round(lon, 5), s] for lat, lon, s in points], ensure_ascii=False)
