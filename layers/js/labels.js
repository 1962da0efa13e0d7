{# The script of layers.places.LabelLayer (a Jinja macro rendered by folium): region names at their points, in a pane of their own above the water and below the symbols; a name that would overlap one already shown (larger regions first) is hidden until the zoom leaves room for it. #}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (source, map) {
  if (!map.getPane('gpLabels')) {
    var pane = map.createPane('gpLabels');
    pane.style.zIndex = 450;  // over the water (420) and the regions (400), under the symbols (markers: 600)
    pane.style.pointerEvents = 'none';  // hovering a name still hovers its region
  }
  var group = L.layerGroup();
  var markers = [];
  function place(p) {
    var icon = L.divIcon({className: 'gp-label', html: '', iconSize: null, iconAnchor: [0, 0]});
    var marker = L.marker([p[0], p[1]], {icon: icon, pane: 'gpLabels', interactive: false, keyboard: false});
    marker.on('add', function () {
      var el = marker.getElement();
      el.textContent = p[2];  // text, never HTML: a name cannot become markup
      el.style.cssText += ';width:auto;height:auto;white-space:nowrap;font:12px/1.2 sans-serif;color:#1a1a1a;' +
        'text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;transform-origin:0 0';
      el.__gpw = el.offsetWidth;
      el.__gph = el.offsetHeight;
      // Centred just below the point, where the region's status symbol sits.
      el.style.marginLeft = (-el.__gpw / 2) + 'px';
      el.style.marginTop = '7px';
    });
    group.addLayer(marker);
    markers.push(marker);
  }
  function obstacles() {
    // The status symbols (layers/symbols.py) stay readable: a name never covers another region's symbol.
    var origin = map.getContainer().getBoundingClientRect();
    return Array.prototype.map.call(map.getContainer().querySelectorAll('.gp-sym'), function (el) {
      var r = el.getBoundingClientRect();
      var x = (r.left + r.right) / 2 - origin.left, y = (r.top + r.bottom) / 2 - origin.top;
      return [x - 8, y - 7, x + 8, y + 6];  // the glyphs, not the whole 22 x 14 box
    });
  }
  function declutter() {
    if (!map.hasLayer(group)) { return; }
    var kept = obstacles();
    markers.forEach(function (marker) {
      var el = marker.getElement();
      if (!el) { return; }
      var pt = map.latLngToContainerPoint(marker.getLatLng());
      var box = [pt.x - el.__gpw / 2 - 2, pt.y + 7, pt.x + el.__gpw / 2 + 2, pt.y + 7 + el.__gph + 1];
      var free = kept.every(function (k) { return box[2] < k[0] || box[0] > k[2] || box[3] < k[1] || box[1] > k[3]; });
      el.style.visibility = free ? '' : 'hidden';
      if (free) { kept.push(box); }
    });
  }
  var pending = null;
  function later() {
    // Symbols arrive one marker at a time after the regions are drawn: one check once they are all in.
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; declutter(); }, 30);
  }
  map.on('zoomend resize layeradd', later);
  group.on('add', later);
  // The names come after the regions are drawn (as the symbols do): 100 markers are 100 elements to lay out.
  // window.__gpInteractive is read once the data is in: the overlay's script, which sets it, runs after this one.
  source.then(function (points) {
    return Promise.resolve(window.__gpInteractive).catch(function () {}).then(function () { return points; });
  }).then(function (points) {
    (points || []).forEach(place);
    later();
  }).catch(function (err) { console.error('map names', err); });
  group.declutter = declutter;
  return group;
})({{ this.source }}, {{ this._parent.get_name() }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
