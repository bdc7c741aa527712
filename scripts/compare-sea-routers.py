"""Sea routes side by side: diplomap, searoute 1.6 and scgraph's two maritime networks (marnet and
Oak Ridge), on the same points, land-checked on Natural Earth 1:10m land (world-atlas 2.0.2, read
by tests/interop/check_land.py) less its lakes (ne_10m_lakes) and the canal boxes that check exempts (Suez, Panama, Kiel, Cape Cod,
the Elbe to Hamburg, the St. Lawrence Seaway, Welland, the Soo Locks). Other rivers and natural
channels the 1:10m land closes count as land.

For each pair of scripts/sea-pairs.tsv it records every router's length (nautical miles), how far
the route runs over land (km), and whether it failed. A route's first and last END_KM are not
land-checked: a port's coordinates often lie on its quay or in its town, and every router has to
reach them. The best peer of a pair is the shortest peer route with under CLEAN_KM on land; a
diplomap route is "long" when it exceeds that by more than 8 % (issue 17's target: at most 2).
A route that starts or ends more than END_GAP_KM from its port counts as a failure: its length
leaves out the way to the port (searoute joins Petropavlovsk to a node across Kamchatka).

Usage (from scripts/compare-sea-routers, which sets up the venv):
    python compare-sea-routers.py DIPLOMAP_BIN LAND_10M_JSON LAKES_GEOJSON PAIRS_TSV OUT_TSV
"""

import gzip
import json
import os
import subprocess
import sys
import time

import searoute
import shapely
from scgraph.geographs.marnet import marnet_geograph
from scgraph.geographs.oak_ridge_maritime import oak_ridge_maritime_geograph
from shapely.geometry import shape
from shapely.strtree import STRtree

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "interop"))
import check_land  # noqa: E402  (the land reading the interop tests use)

END_KM = 10.0
END_GAP_KM = 30.0
CLEAN_KM = 1.0
LONG = 1.08


def lake_polygons(path):
    """The lakes of Natural Earth's ne_10m_lakes (GeoJSON, gzipped or not), each made valid."""
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    for f in json.load(opener(path, "rt"))["features"]:
        g = shapely.make_valid(shape(f["geometry"]))
        out.extend(p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon")
    return out


def split_antimeridian(coords):
    """Lines in [-180, 180] cut where a step jumps across the antimeridian."""
    coords = [((lon + 180) % 360 - 180, lat) for lon, lat in coords]
    parts, cur = [], [coords[0]]
    for a, b in zip(coords, coords[1:]):
        if abs(b[0] - a[0]) > 180:
            east = a[0] > 0
            b2 = b[0] + 360 if east else b[0] - 360
            edge = 180 if east else -180
            t = (edge - a[0]) / (b2 - a[0])
            lat = a[1] + t * (b[1] - a[1])
            cur.append((edge, lat))
            parts.append(cur)
            cur = [(-edge, lat)]
        cur.append(b)
    parts.append(cur)
    return [p for p in parts if len(p) >= 2]


class Land:
    """Natural Earth 1:10m land as the interop land check reads it (tests/interop/check_land.py),
    less its lakes (ne_10m_lakes: the Great Lakes are water) and the canal boxes it exempts."""

    def __init__(self, land_path, lakes_path):
        self.polys = check_land.land_polygons(land_path)
        self.tree = STRtree(self.polys)
        self.water_polys = lake_polygons(lakes_path) + check_land.CANALS
        self.water = STRtree(self.water_polys)

    def km_on(self, parts):
        km = 0.0
        for _, _, line in check_land.checked_stretches(parts, END_KM):
            for i in self.tree.query(line, predicate="intersects"):
                inside = line.intersection(self.polys[i])
                for w in self.water.query(inside, predicate="intersects"):
                    inside = inside.difference(self.water_polys[w])
                for g in getattr(inside, "geoms", [inside]):
                    if g.geom_type == "LineString":
                        c = list(g.coords)
                        km += sum(check_land.km(a, b) for a, b in zip(c, c[1:]))
        return km


def run_diplomap(bin_, a, b, allow):
    cmd = [bin_, "route", f"geo:{a[1]},{a[0]}", f"geo:{b[1]},{b[0]}"]
    if allow:
        cmd += ["--allow", allow]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1][:160], secs
    f = json.loads(p.stdout)
    g = f["geometry"]
    lines = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
    return [[tuple(c) for c in l] for l in lines], f["properties"]["length_km"], secs


def run_searoute(a, b):
    # With the ports added to the line, as a map draws it (the length then counts the joins).
    f = searoute.searoute(list(a), list(b), units="km", append_orig_dest=True)
    return [tuple(c) for c in f["geometry"]["coordinates"]], f["properties"]["length"]


def run_scgraph(graph, a, b):
    o = graph.get_shortest_path(
        {"latitude": a[1], "longitude": a[0]}, {"latitude": b[1], "longitude": b[0]}, output_units="km"
    )
    return [(lon, lat) for lat, lon in o["coordinate_path"]], o["length"]


def main():
    bin_, land_path, lakes_path, pairs_path, out_path = sys.argv[1:6]
    land = Land(land_path, lakes_path)
    rows = []
    for line in open(pairs_path):
        if line.startswith("#") or line.startswith("region\t") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        rows.append((f[0], f[1], (float(f[2]), float(f[3])), f[4], (float(f[5]), float(f[6])), f[7]))

    routers = ["diplomap", "searoute", "marnet", "oak_ridge"]
    out = open(out_path, "w")
    out.write("region\tfrom\tto\t" + "\t".join(f"{r}_nm\t{r}_land_km" for r in routers) + "\tbest_peer\tratio\n")
    stats = {r: {"fail": 0, "land": 0.0, "long": 0} for r in routers}
    long_rows, failed_rows, ours_secs = [], [], []
    for region, an, a, bn, b, allow in rows:
        res = {}
        for r in routers:
            try:
                if r == "diplomap":
                    parts, km, secs = run_diplomap(bin_, a, b, allow)
                    ours_secs.append(secs)
                    if parts is None:
                        res[r] = (None, None, km)
                        continue
                    lkm = km
                else:
                    coords, lkm = (
                        run_searoute(a, b)
                        if r == "searoute"
                        else run_scgraph(marnet_geograph if r == "marnet" else oak_ridge_maritime_geograph, a, b)
                    )
                    parts = split_antimeridian(coords)
                gap = max(check_land.km(parts[0][0], a), check_land.km(parts[-1][-1], b))
                if gap > END_GAP_KM:
                    # Its network's node nearest the port is elsewhere (across a peninsula): the
                    # route and its length leave out how to get there.
                    res[r] = (None, None, f"ends {gap:.0f} km from the port")
                    continue
                if lkm < 0.5 * check_land.km(a, b):
                    # searoute gives 0 when both ends snap to one node: no route at all.
                    res[r] = (None, None, f"{lkm:.0f} km, under half the great circle")
                    continue
                res[r] = (lkm / 1.852, land.km_on(parts), None)
            except Exception as e:  # a peer's own failure is a result, not a crash of the comparison
                res[r] = (None, None, f"{type(e).__name__}: {e}"[:160])
        for r in routers:
            nm, lkm, err = res[r]
            if nm is None:
                stats[r]["fail"] += 1
            else:
                stats[r]["land"] += lkm
        clean = [(res[r][0], r) for r in routers[1:] if res[r][0] is not None and res[r][1] < CLEAN_KM]
        best = min(clean) if clean else None
        ratio = res["diplomap"][0] / best[0] if best and res["diplomap"][0] else None
        # Every router against the best clean route of the others, for the summary.
        for r in routers:
            others = [res[o][0] for o in routers if o != r and res[o][0] is not None and res[o][1] < CLEAN_KM]
            if res[r][0] is not None and others and res[r][0] > LONG * min(others):
                stats[r]["long"] += 1
        if res["diplomap"][0] is None:
            failed_rows.append((an, bn, res["diplomap"][2]))
        elif ratio and ratio > LONG:
            long_rows.append((an, bn, res["diplomap"][0], best))
        cells = []
        for r in routers:
            nm, lkm, err = res[r]
            cells += ["fail", ""] if nm is None else [f"{nm:.0f}", f"{lkm:.1f}"]
        out.write(
            "\t".join([region, an, bn] + cells + [best[1] if best else "", f"{ratio:.3f}" if ratio else ""]) + "\n"
        )
        print(
            f"{region:14} {an:>17} – {bn:<17} "
            + " ".join(f"{r}={'fail' if res[r][0] is None else f'{res[r][0]:.0f}nm/{res[r][1]:.1f}km'}" for r in routers),
            flush=True,
        )
    out.close()
    print(f"\n{len(rows)} pairs; land checked on Natural Earth 1:10m beyond {END_KM:.0f} km of each end;")
    print(f"'long' = more than {LONG - 1:.0%} over the shortest other router with under {CLEAN_KM:.0f} km on land\n")
    print("| router | failures | long | km on land |")
    print("|---|---|---|---|")
    for r in routers:
        s = stats[r]
        print(f"| {r} | {s['fail']} | {s['long']} | {s['land']:.1f} |")
    ours_secs.sort()
    print(f"\ndiplomap whole process per route: median {ours_secs[len(ours_secs) // 2] * 1000:.0f} ms")
    for an, bn, err in failed_rows:
        print(f"diplomap failed {an} – {bn}: {err}")
    for an, bn, nm, best in long_rows:
        print(f"diplomap long {an} – {bn}: {nm:.0f} nm, {best[1]} {best[0]:.0f} nm")
    print(f"\nrows written to {out_path}")


if __name__ == "__main__":
    main()
