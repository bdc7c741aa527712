/* diplomap preview: draws the map data embedded in this page (#diplomap-data) with Leaflet.
   Every string from the scenario reaches the page through textContent, never as markup; the
   layer switcher, which Leaflet fills as markup, gets only diplomap's own layer names. */
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('diplomap-data').textContent);
  const DAY = 86400000;
  const STYLE_KEYS = new Set(['marker-color', 'marker-size', 'marker-symbol', 'stroke',
    'stroke-width', 'stroke-opacity', 'fill', 'fill-opacity']);

  const colour = (v, d) => (typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v) ? v : d);
  const num = (v, d) => (typeof v === 'number' && isFinite(v) ? v : d);

  /* Delta-coded positions [x0, y0, dx1, dy1, ...] at `decimals` places, as Leaflet [lat, lng]. */
  function decode(deltas, decimals) {
    const scale = Math.pow(10, -decimals);
    const out = [];
    let x = 0, y = 0;
    for (let i = 0; i + 1 < deltas.length; i += 2) {
      x += deltas[i];
      y += deltas[i + 1];
      out.push([y * scale, x * scale]);
    }
    return out;
  }

  /* The map is centred on the events' meridian (`centre`, found across the antimeridian when
     they straddle it): each polygon, line part and point is moved by whole turns to the side of
     the world nearest it, so a Pacific story is drawn whole in the middle of the map. */
  const centre = typeof data.centre === 'number' ? data.centre : 0;
  const turns = (lng) => 360 * Math.round((centre - lng) / 360);
  function near(rings) {
    let lo = Infinity, hi = -Infinity;
    for (const p of rings[0]) {
      lo = Math.min(lo, p[1]);
      hi = Math.max(hi, p[1]);
    }
    const shift = turns((lo + hi) / 2);
    if (shift !== 0) for (const ring of rings) for (const p of ring) p[1] += shift;
    return rings;
  }

  /* The UTC day number of an ISO 8601 date or date-time, or null. */
  function day(v) {
    if (typeof v !== 'string') return null;
    const t = Date.parse(v);
    return isNaN(t) ? null : Math.floor(t / DAY);
  }
  const isoDay = (d) => new Date(d * DAY).toISOString().slice(0, 10);

  function text(v) {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(text).join(', ');
    if (v !== null && typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  function popup(f) {
    const p = f.properties;
    const box = document.createElement('div');
    box.className = 'dm-popup';
    const h = document.createElement('h2');
    h.textContent = text(p.title !== undefined && p.title !== null ? p.title : f.id);
    box.appendChild(h);
    const table = document.createElement('table');
    for (const key of Object.keys(p)) {
      const v = p[key];
      if (key === 'title' || STYLE_KEYS.has(key) || v === null || v === '') continue;
      if (Array.isArray(v) && v.length === 0) continue;
      const row = table.insertRow();
      const th = document.createElement('th');
      th.textContent = key;
      row.appendChild(th);
      row.insertCell().textContent = text(v);
    }
    box.appendChild(table);
    return box;
  }

  const map = L.map('map', { zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Basemap: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) · ' +
    'Leaflet 1.9.4 (BSD-2-Clause) · diplomap');

  /* The basemap: every country outline, on a canvas in a pane under the layers. */
  map.createPane('basemap');
  map.getPane('basemap').style.zIndex = 200;
  const bm = data.basemap;
  L.polygon(bm.polygons.map((rings) => near(rings.map((r) => decode(r, bm.decimals)))), {
    renderer: L.canvas({ pane: 'basemap', padding: 0.5 }),
    interactive: false, color: '#b9b3a6', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1,
  }).addTo(map);

  /* The layers: one feature group each, in the switcher; one Leaflet path per feature. */
  const entries = [];
  const overlays = {};
  const legend = new Map();
  const all = L.latLngBounds([]);
  const events = L.latLngBounds([]);
  for (const layer of data.layers) {
    const name = String(layer.name).replace(/[^a-z0-9_-]/g, '');
    const group = L.featureGroup();
    for (const f of layer.features) {
      const p = f.properties;
      const g = f.geometry;
      const cls = 'dm-feature dm-layer-' + name;
      let shape;
      if (g.type === 'Point') {
        const fill = colour(p['marker-color'], '#1f77b4');
        const size = p['marker-size'];
        const lng = g.coordinates[0];
        shape = L.circleMarker([g.coordinates[1], lng + turns(lng)], {
          radius: size === 'small' ? 5 : size === 'large' ? 9 : 7,
          color: '#ffffff', weight: 1.5, fillColor: fill, fillOpacity: 0.9, className: cls,
        });
        legendEntry(text(p.kind || 'point'), fill, 'point');
      } else if (g.type === 'MultiLineString') {
        const stroke = colour(p.stroke, '#1f77b4');
        shape = L.polyline(g.parts.map((part) => near([decode(part, g.decimals)])[0]), {
          color: stroke, weight: num(p['stroke-width'], 2), opacity: num(p['stroke-opacity'], 0.9),
          lineCap: 'round', lineJoin: 'round', className: cls,
        });
        legendEntry(text(p.kind || 'line'), stroke, 'line');
      } else {
        const fill = colour(p.fill, '#7f7f7f');
        shape = L.polygon(g.polygons.map((rings) => near(rings.map((r) => decode(r, g.decimals)))), {
          color: colour(p.stroke, fill), weight: num(p['stroke-width'], 1) * 0.75, opacity: 0.9,
          fillColor: fill, fillOpacity: num(p['fill-opacity'], 0.3), className: cls,
        });
        legendEntry(p.area_kind ? 'area: ' + text(p.area_kind) : 'country: ' + text(p.role || 'country'), fill, 'area');
      }
      shape.bindPopup(() => popup(f), { maxWidth: 380 });
      shape.on('add', () => {
        const el = shape.getElement();
        if (el) {
          el.setAttribute('data-id', text(f.id));
          el.setAttribute('data-layer', name);
        }
      });
      const bounds = shape.getBounds ? shape.getBounds() : L.latLngBounds([shape.getLatLng()]);
      all.extend(bounds);
      if (name !== 'countries' && name !== 'areas') events.extend(bounds);
      let start = day(p.start);
      let end = day(p.end);
      if (start === null) end = null;
      else if (end === null || end < start) end = start;
      entries.push({ shape, group, start, end });
      group.addLayer(shape);
    }
    group.addTo(map);
    overlays[name + ' (' + layer.features.length + ')'] = group;
  }
  L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);

  function legendEntry(label, fill, shape) {
    if (!legend.has(label)) legend.set(label, { fill, shape });
  }
  const legendControl = L.control({ position: 'bottomright' });
  legendControl.onAdd = () => {
    const box = L.DomUtil.create('div', 'dm-legend leaflet-control');
    for (const [label, { fill, shape }] of legend) {
      const row = L.DomUtil.create('div', 'dm-legend-row', box);
      const swatch = L.DomUtil.create('span', 'dm-swatch dm-swatch-' + shape, row);
      swatch.style.backgroundColor = fill;
      swatch.style.borderColor = fill;
      L.DomUtil.create('span', 'dm-legend-label', row).textContent = label;
    }
    return box;
  };
  legendControl.addTo(map);

  /* The date slider: position 0 shows every date; each further position is a span of days on
     which the same events are under way (the spans in which nothing happens are skipped). A
     feature without dates is always shown. */
  const changes = new Set();
  for (const e of entries) {
    if (e.start !== null) {
      changes.add(e.start);
      changes.add(e.end + 1);
    }
  }
  const points = Array.from(changes).sort((a, b) => a - b);
  const stops = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i], to = points[i + 1] - 1;
    if (entries.some((e) => e.start !== null && e.start <= to && e.end >= from)) {
      stops.push({ from, to });
    }
  }
  const slider = L.control({ position: 'bottomleft' });
  let range, label;
  slider.onAdd = () => {
    const box = L.DomUtil.create('div', 'dm-dates leaflet-control');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    const title = L.DomUtil.create('div', 'dm-dates-title', box);
    title.textContent = 'Dates';
    range = L.DomUtil.create('input', 'dm-dates-range', box);
    range.type = 'range';
    range.min = '0';
    range.max = String(stops.length);
    range.step = '1';
    range.value = '0';
    range.setAttribute('aria-label', 'Show the events under way on a date');
    label = L.DomUtil.create('output', 'dm-dates-label', box);
    range.addEventListener('input', () => show(Number(range.value)));
    if (stops.length === 0) range.disabled = true;
    return box;
  };
  slider.addTo(map);

  function show(k) {
    const stop = k > 0 ? stops[k - 1] : null;
    for (const e of entries) {
      const on = stop === null || e.start === null || (e.start <= stop.to && e.end >= stop.from);
      if (on && !e.group.hasLayer(e.shape)) e.group.addLayer(e.shape);
      if (!on && e.group.hasLayer(e.shape)) {
        e.shape.closePopup();
        e.group.removeLayer(e.shape);
      }
    }
    if (stop === null) label.textContent = 'All dates';
    else if (stop.from === stop.to) label.textContent = isoDay(stop.from);
    else label.textContent = isoDay(stop.from) + ' – ' + isoDay(stop.to);
  }
  show(0);

  const frame = events.isValid() ? events : all;
  if (frame.isValid()) map.fitBounds(frame, { padding: [40, 40], maxZoom: 6 });
  else map.setView([20, 0], 2);
}());
