{# The script of layers.geojson.GeoJsonText (a Jinja macro rendered by folium): data given as text, or fetched once per page and joined to its properties by adcode. #}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson(null, {
  interactive: {{ this.interactive }},
  style: {{ this.style_js }},
  onEachFeature: function (feature, layer) {
    {%- if this.on_each_feature %}
    ({{ this.on_each_feature }})(feature, layer);
    {%- endif %}
    {%- if this.highlight %}
    layer.on({
      mouseover: function (e) { e.target.setStyle({{ this.highlight }}); },
      mouseout: function (e) { {{ this.get_name() }}.resetStyle(e.target); }
    });
    {%- endif %}
  }
});
function {{ this.get_name() }}_add(data) { {{ this.get_name() }}.addData(data); }
{%- if this.url %}
(function (layer, url, props) {
  // One fetch per URL and page: the page outlives reruns, so a later layer joins the same parsed features.
  var cache = window.__gpGeometry = window.__gpGeometry || {};
  var got = cache[url] || (cache[url] = fetch(url, {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
    return r.json();
  }));
  // Context outlines (not interactive) are drawn after the page's interactive layer, which a person waits for:
  // its script runs right after theirs, so by the time their data arrives its drawing has been announced.
  var ready = {{ this.interactive }} ? got : got.then(function (geo) {
    return Promise.resolve(window.__gpInteractive).catch(function () {}).then(function () { return geo; });
  });
  var drawn = ready.then(function (geo) {
    geo.features.forEach(function (f) {
      var code = f.properties.adcode;
      if (props && !Object.prototype.hasOwnProperty.call(props, code)) { return; }
      var feature = {type: 'Feature', geometry: f.geometry,
                     properties: props ? Object.assign({adcode: code}, props[code]) : {adcode: code}};
      // Coordinates become Leaflet LatLngs once per feature and page, not on every switch (as addData would):
      // converting ~32,000 vertices was most of the browser's work in a recolour.
      var g = f.geometry;
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') { layer.addData(feature); return; }
      f.__latlngs = f.__latlngs || L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === 'Polygon' ? 1 : 2);
      var shape = L.polygon(f.__latlngs, layer.options);
      shape.feature = feature;
      shape.defaultOptions = shape.options;  // as addData does: resetStyle (hover out) starts from these
      layer.resetStyle(shape);
      if (layer.options.onEachFeature) { layer.options.onEachFeature(feature, shape); }
      layer.addLayer(shape);
    });
  });
  if ({{ this.interactive }}) { window.__gpInteractive = drawn; }
  drawn.catch(function (err) { delete cache[url]; console.error('map geometry', err); });
})({{ this.get_name() }}, {{ this.url }}, {{ this.props }});
{%- else %}
{{ this.get_name() }}_add({{ this.data }});
{%- endif %}
{% endmacro %}
