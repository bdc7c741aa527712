"""Independent land check for diplomap's sea routes, with shapely (PyPI) on world-atlas's
Natural Earth 1:10m land (npm): every segment of every route in a GeoJSON FeatureCollection
must miss the land, except inside the canal (and Elbe) boxes and within the first and last 20 km.

world-atlas draws rings across the antimeridian with edges from 180 to -180 (Eurasia at
Chukotka, Wrangel, Fiji, Antarctica); read as flat polygons they would be inside out. Such rings
are unwrapped to continuous longitudes (closed along the pole when they go around it) and split
back at ±180, as in a proper spherical reading. Prints one line per route; exits 1 if any segment crosses land.

Usage: python3 check_land.py LAND-10M.json ROUTES.geojson
"""
import json
import sys
from math import asin, cos, radians, sin, sqrt

from shapely.affinity import translate
from shapely.geometry import LineString, Polygon, box
from shapely.strtree import STRtree

# Where ships pass through what the 1:10m land draws as land, boxed from the charts: the Suez,
# Panama, Kiel and Cape Cod canals, the Elbe from Brunsbüttel up to Hamburg, and the St. Lawrence
# Seaway, Welland Canal and Soo Locks between the Great Lakes.
CANALS = [
    box(32.2, 29.85, 32.65, 31.4),
    box(-79.95, 8.85, -79.48, 9.43),
    box(8.7, 53.85, 10.25, 54.47),
    box(-70.70, 41.70, -70.46, 41.79),
    box(9.08, 53.52, 9.97, 53.88),
    box(-76.50, 44.08, -73.50, 45.58),
    box(-79.30, 42.84, -79.18, 43.29),
    box(-84.45, 46.45, -84.30, 46.53),
]
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
            if not any(abs(a[0] - b[0]) > 180 for r in rings for a, b in zip(r, r[1:])):
                pg = Polygon(rings[0], rings[1:])
                polys.append(pg if pg.is_valid else pg.buffer(0))
                continue
            # A ring across the antimeridian (Eurasia at Chukotka, Wrangel, Fiji, Antarctica):
            # unwrap its longitudes, close a ring around a pole along the pole, and split the
            # polygon back into [-180, 180].
            shells = [unwrap(r) for r in rings]
            # Each ring unwraps from its own first point; the holes (the Caspian in Eurasia) are
            # moved into the shell's frame, or they would lie 360° away, outside it.
            lons = [x for x, _ in shells[0]]
            mid = (min(lons) + max(lons)) / 2
            holes = [[(x + 360 * round((mid - h[0][0]) / 360), y) for x, y in h] for h in shells[1:]]
            pg = Polygon(shells[0], holes).buffer(0)
            for shift in (-360, 0, 360):
                piece = translate(pg, shift).intersection(box(-180, -90, 180, 90))
                if not piece.is_empty:
                    polys.append(piece)
    return polys


def unwrap(r):
    """Continuous longitudes; a ring that goes once around a pole is closed along it."""
    out = [r[0]]
    for x, y in r[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while x - px < -180:
            x += 360
        out.append((x, y))
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90 if sum(y for _, y in out) < 0 else 90
        out += [(out[-1][0], pole), (out[0][0], pole), out[0]]
    return out


def km(a, b):
    la1, lo1, la2, lo2 = map(radians, [a[1], a[0], b[1], b[0]])
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * asin(sqrt(min(1.0, h)))


def checked_stretches(parts, end_km):
    """Each segment (a, b) of a route's parts with the stretch of it outside the route's first and
    last `end_km`, as a LineString; segments wholly inside them are skipped."""
    total = sum(km(p[i], p[i + 1]) for p in parts for i in range(len(p) - 1))
    done = 0.0
    for part in parts:
        for a, b in zip(part, part[1:]):
            seg_km = km(a, b)
            start, done = done, done + seg_km
            lo = max(0.0, (end_km - start) / seg_km) if seg_km else 0.0
            hi = min(1.0, (total - end_km - start) / seg_km) if seg_km else 1.0
            if lo >= hi:
                continue
            at = lambda t: (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            yield a, b, LineString([at(lo), at(hi)])


def main():
    polys = land_polygons(sys.argv[1])
    tree = STRtree(polys)
    routes = json.load(open(sys.argv[2]))["features"]
    failed = False
    for f in routes:
        crossings = []
        for a, b, seg in checked_stretches(f["geometry"]["coordinates"], END_KM):
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
