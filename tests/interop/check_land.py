"""Independent land check for diplomap's sea routes, with shapely (PyPI) on world-atlas's
Natural Earth 1:10m land (npm): every segment of every route in a GeoJSON FeatureCollection
must miss the land, except inside the canal boxes and within the first and last 20 km.

world-atlas closes rings cut at the antimeridian with an edge from 180 to -180; small islands
drawn that way (Fiji, Wrangel) are rebuilt across the antimeridian and split there, as in a
proper spherical reading. Prints one line per route; exits 1 if any segment crosses land.

Usage: python3 check_land.py LAND-10M.json ROUTES.geojson
"""
import json
import sys
from math import asin, cos, radians, sin, sqrt

from shapely.affinity import translate
from shapely.geometry import LineString, Polygon, box
from shapely.strtree import STRtree

CANALS = [box(32.2, 29.85, 32.65, 31.4), box(-79.95, 8.85, -79.48, 9.43), box(8.7, 53.85, 10.25, 54.47)]
END_KM = 20.0


def land_polygons(path):
    d = json.load(open(path))
    (sx, sy), (tx, ty) = d["transform"]["scale"], d["transform"]["translate"]
    arcs = []
    for arc in d["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices):
        out = []
        for i in indices:
            pts = arcs[~i][::-1] if i < 0 else arcs[i]
            out.extend(pts if not out else pts[1:])
        return out

    polys = []
    for g in d["objects"]["land"]["geometries"]:
        for p in g["arcs"]:
            rings = [ring(r) for r in p]
            lats = [y for _, y in rings[0]]
            wraps = any(abs(a[0] - b[0]) > 180 for r in rings for a, b in zip(r, r[1:]))
            if wraps and max(lats) - min(lats) < 5:
                shifted = [[(x + 360 if x < 0 else x, y) for x, y in r] for r in rings]
                pg = Polygon(shifted[0], shifted[1:]).buffer(0)
                east = pg.intersection(box(0, -90, 180, 90))
                west = translate(pg.intersection(box(180, -90, 360, 90)), -360)
                polys.extend(q for q in (east, west) if not q.is_empty)
                continue
            pg = Polygon(rings[0], rings[1:])
            polys.append(pg if pg.is_valid else pg.buffer(0))
    return polys


def km(a, b):
    la1, lo1, la2, lo2 = map(radians, [a[1], a[0], b[1], b[0]])
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * asin(sqrt(min(1.0, h)))


def main():
    polys = land_polygons(sys.argv[1])
    tree = STRtree(polys)
    routes = json.load(open(sys.argv[2]))["features"]
    failed = False
    for f in routes:
        parts = f["geometry"]["coordinates"]
        total = sum(km(p[i], p[i + 1]) for p in parts for i in range(len(p) - 1))
        done = 0.0
        crossings = []
        for part in parts:
            for a, b in zip(part, part[1:]):
                seg_km = km(a, b)
                start, done = done, done + seg_km
                if start < END_KM or done > total - END_KM:
                    continue
                seg = LineString([a, b])
                if any(c.intersects(seg) for c in CANALS):
                    continue
                if any(polys[j].intersects(seg) for j in tree.query(seg)):
                    crossings.append((a, b))
        name = f["properties"].get("name") or f.get("id")
        print(f"{name}: {len(crossings)} segments cross land" + (f", first {crossings[0]}" if crossings else ""))
        failed |= bool(crossings)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
