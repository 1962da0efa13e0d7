{# The script of layers.places.SearchControl: a box on the map to find a region by name; picking one zooms to it and outlines it on the indicator layer. #}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (source, text, map) {
  var entries = [];
  var Search = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = L.DomUtil.create('div', 'leaflet-bar gp-search');
      box.style.cssText = 'background:#fff;padding:2px 4px;';
      var label = L.DomUtil.create('label', '', box);
      var id = 'gp-search-' + Math.random().toString(36).slice(2);
      label.htmlFor = id;
      label.textContent = text.label;
      label.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);';
      var input = L.DomUtil.create('input', '', box);
      input.id = id;
      input.type = 'search';
      input.placeholder = text.placeholder;
      input.setAttribute('list', id + '-list');
      input.setAttribute('aria-label', text.label);
      input.style.cssText = 'width:11em;max-width:40vw;border:0;font-size:14px;padding:4px;outline-offset:1px;';
      var list = L.DomUtil.create('datalist', '', box);
      list.id = id + '-list';
      source.then(function (got) {
        entries = got || [];
        entries.forEach(function (e) {
          var option = document.createElement('option');
          option.value = e[0];  // a value, never markup
          list.appendChild(option);
        });
      }).catch(function (err) { console.error('map search', err); });
      var status = L.DomUtil.create('div', '', box);
      status.setAttribute('role', 'status');
      status.style.cssText = 'font-size:12px;color:#8a1c1c;';
      function find(value) {
        var t = value.trim();
        if (!t) { return null; }
        return entries.find(function (e) { return e[0] === t; }) ||
               entries.find(function (e) { return e[0].indexOf(t) === 0; }) ||
               entries.find(function (e) { return e[0].indexOf(t) >= 0; }) || null;
      }
      function go() {
        var hit = find(input.value);
        status.textContent = hit || !input.value.trim() ? '' : text.none.replace('{text}', input.value.trim());
        if (hit) {
          input.value = hit[0];
          map.fitBounds([[hit[2], hit[3]], [hit[4], hit[5]]], {maxZoom: 10, animate: false});
          outline(hit[1]);
        }
      }
      input.addEventListener('change', go);
      input.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); go(); } });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });
  var picked = null;
  function outline(code) {
    if (picked) { picked.setStyle(picked.__gpWas); picked = null; }
    map.eachLayer(function (layer) {
      var p = layer.feature && layer.feature.properties;
      if (!picked && p && String(p.adcode) === code && layer.setStyle && p.style) {
        layer.__gpWas = {weight: layer.options.weight, color: layer.options.color};
        layer.setStyle({weight: 4, color: '#000000'});
        if (layer.bringToFront) { layer.bringToFront(); }
        picked = layer;
      }
    });
  }
  return new Search();
})({{ this.source }}, {{ this.text }}, {{ this._parent.get_name() }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
