"""The map legend: built from the very classes used for colouring, with counts and the target; hides with its layer."""

from __future__ import annotations

from dataclasses import dataclass

from branca.element import MacroElement
from jinja2 import Template

from layers.js import script_json


@dataclass(frozen=True)
class LegendRow:
    """One class: swatch fill, outline dash, symbol, label and how many regions fall in it."""

    fill: str
    dash: str | None
    symbol: str
    label: str
    count: int


@dataclass(frozen=True)
class LegendSpec:
    """Everything the legend shows; texts are plain strings, rendered as text (never HTML)."""

    title: str
    subtitle: str
    rows: tuple[LegendRow, ...]
    notes: tuple[str, ...] = ()


# Shared by every legend control (this one and the sections legend): the box, its notes, and the binding
# that shows the control while its layer is on the map. Each legend's template fills in its own rows.
CONTROL_HEAD = """
{% macro script(this, kwargs) %}
(function () {
  var spec = {{ this.payload }};
  var layer = {{ this.layer.get_name() }};
  var map = {{ this.map.get_name() if this.map else 'null' }};
  var control = L.control({position: 'bottomright'});
  function legendBox() {
    var box = L.DomUtil.create('div', 'gp-legend');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', spec.title);
    box.style.cssText = 'background:#fff;padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;' +
                        'box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px';
    return box;
  }
  function finish(box) {
    spec.notes.forEach(function (n) {
      var d = document.createElement('div'); d.style.cssText = 'margin-top:4px;color:#8a3b00'; d.textContent = n;
      box.appendChild(d);
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  }
"""
CONTROL_TAIL = """
  // The layer's own add/remove events also cover a layer inside a group that is switched or replaced
  // (the page swaps such groups in place, layers/script.py); adding an added control again only moves it.
  layer.on('add', function () { control.addTo(layer._map); });
  layer.on('remove', function () { control.remove(); });
  if (map) {
    if (map.hasLayer(layer)) { control.addTo(map); }
    map.on('overlayadd', function (e) { if (e.layer === layer) { control.addTo(map); } });
    map.on('overlayremove', function (e) { if (e.layer === layer) { control.remove(); } });
  }
})();
{% endmacro %}
"""


class Legend(MacroElement):
    """A Leaflet control bound to one layer: shown while the layer is on the map, removed with it."""

    _template = Template(
        CONTROL_HEAD
        + """
  control.onAdd = function () {
    var box = legendBox();
    var h = document.createElement('div'); h.style.fontWeight = 'bold'; h.textContent = spec.title; box.appendChild(h);
    if (spec.subtitle) { var s = document.createElement('div'); s.textContent = spec.subtitle; box.appendChild(s); }
    spec.rows.forEach(function (r) {
      var line = document.createElement('div'); line.className = 'gp-legend-row';
      line.style.cssText = 'display:flex;align-items:center;gap:6px;margin-top:2px';
      var sw = document.createElement('span');
      sw.style.cssText = 'display:inline-block;width:18px;height:12px;text-align:center;font-size:10px;line-height:12px;' +
                         'background:' + r.fill + ';border:1px ' + (r.dash ? 'dashed' : 'solid') + ' #666';
      sw.textContent = r.symbol;
      var t = document.createElement('span'); t.textContent = r.label + ' (' + r.count + ')';
      line.appendChild(sw); line.appendChild(t); box.appendChild(line);
    });
    return finish(box);
  };
"""
        + CONTROL_TAIL
    )

    def __init__(self, spec: LegendSpec, layer: MacroElement, map: MacroElement | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Legend"
        payload = {
            "title": spec.title,
            "subtitle": spec.subtitle,
            "notes": list(spec.notes),
            "rows": [r.__dict__ for r in spec.rows],
        }
        self.payload = script_json(payload)
        # Elements, not their names: names are read when the page is rendered (layers.script renames elements).
        self.layer = layer
        self.map = map  # None: the layer's own map, once it is added (layer in a group)
