{# The script of layers.places.WaterLayer: lakes and reservoirs in a pane of their own, over the region colours and under the names, symbols and sections; not interactive. #}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (source, map) {
  if ({{ this.pane }} === 'gpWater' && !map.getPane('gpWater')) {
    var pane = map.createPane('gpWater');
    pane.style.zIndex = 420;  // over the regions (overlay pane: 400), under the names (450) and markers (600)
    pane.style.pointerEvents = 'none';  // hovering the lake hovers the county under it
  }
  var layer = L.geoJson(null, {
    pane: {{ this.pane }},
    interactive: false,
    style: function () { return {{ this.style }}; }
  });
  // Context comes after what a person waits for: drawn once the regions are (window.__gpInteractive, set by the
  // overlay's script, which runs after this one), as the city outlines are.
  source.then(function (data) {
    return Promise.resolve(window.__gpInteractive).catch(function () {}).then(function () { return data; });
  }).then(function (data) {
    if (data) { layer.addData(data); }
    // In a shared pane (the sections map), under what was drawn meanwhile: the sections stay on top.
    if ({{ this.pane }} !== 'gpWater' && layer._map) { layer.bringToBack(); }
  })
    .catch(function (err) { console.error('map water', err); });
  return layer;
})({{ this.source }}, {{ this._parent.get_name() }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
