//! Pulling a path taut: the network path found by the search zig-zags between the sampled nodes;
//! each kept vertex is joined to the farthest later vertex it sees across water, keeping
//! [`CLEARANCE_KM`] off the coast outside straits and canals and near the route's ends, and out of
//! every closed passage. Canal legs are kept as they are.

use super::land::Land;
use super::options::RouteOptions;
use super::passages::{PassageKind, PASSAGES};
use super::visibility::{all_chords, arc_extent, chords, clear};
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::{antimeridian, LonLat};

/// How close a pulled-taut leg may pass to the coast outside straits, in km.
pub const CLEARANCE_KM: f64 = 5.0;

/// Around each end of a route, legs may pass closer to land (a port is on the coast), in km.
pub const END_ZONE_KM: f64 = 30.0;

/// For a leg between two points in the water: true when it stays on water, out of every avoided box, and at least
/// [`CLEARANCE_KM`] off the coast — except inside straits and canal boxes, and within
/// [`END_ZONE_KM`] of the route's ends (`ends`), where ships do pass close to land.
///
/// A leg from a point on land (a river's course where the 1:10m land closes it) is never
/// tested here: a chord across land far from any coast would pass the clearance test as if it
/// were open sea. The search's path keeps such points to their own edges.
pub fn leg_ok(
    land: &Land<'_>,
    a: LonLat,
    b: LonLat,
    opts: &RouteOptions,
    ends: [LonLat; 2],
) -> bool {
    let blocked = |p: LonLat, q: LonLat| {
        // Clearance first: usually satisfied, and a chord clear of land by that much does
        // not cross it. The crossing test and the exemptions only when it is not.
        if !land.within(p, q, CLEARANCE_KM) {
            return false;
        }
        if land.crosses(p, q) {
            return true;
        }
        let near_end = ends
            .iter()
            .any(|e| distance_km(*e, p) < END_ZONE_KM || distance_km(*e, q) < END_ZONE_KM);
        let narrow = PASSAGES.iter().any(|x| {
            matches!(
                x.kind,
                PassageKind::Strait | PassageKind::Canal | PassageKind::River
            ) && x.entered_by(p, q)
        });
        !near_end && !narrow
    };
    if !all_chords(land, a, b, CLEARANCE_KM, |p, q| !blocked(p, q)) {
        return false;
    }
    // Closed straits, capes and ice routes the leg's extent could reach: then chord by chord.
    let extent = arc_extent(a, b);
    let near: Vec<usize> = opts
        .closed()
        .filter(|&k| {
            !PASSAGES[k].is_course() && PASSAGES[k].boxes().any(|b| boxes_meet(b, &extent))
        })
        .collect();
    if near.is_empty() {
        return true;
    }
    let parts = antimeridian::cut(&chords(a, b));
    !near.iter().any(|&k| {
        parts
            .iter()
            .any(|part| part.windows(2).any(|w| PASSAGES[k].entered_by(w[0], w[1])))
    })
}

/// Join each kept vertex to the farthest later vertex it sees across water. Canal legs are
/// kept as they are.
pub fn pull_taut(
    land: &Land<'_>,
    points: &[(LonLat, Option<u16>)],
    opts: &RouteOptions,
    ends: [LonLat; 2],
) -> Vec<(LonLat, Option<u16>)> {
    let last = points.len() - 1;
    let mut out = vec![points[0]];
    let mut i = 0;
    // Legs tend to span as many vertices as the one before: the first probe goes that far.
    let mut reach = 2;
    while i < last {
        // The next canal leg bounds how far a shortcut may reach.
        let limit = (i + 1..=last)
            .find(|&j| points[j].1.is_some())
            .map_or(last, |j| if j == i + 1 { j } else { j - 1 });
        let ok = |j: usize| j == i + 1 || leg_ok(land, points[i].0, points[j].0, opts, ends);
        // Gallop from the last leg's reach, then bisect.
        let (mut good, mut step) = (i + 1, reach.max(2) / 2);
        let mut bad = None;
        while good < limit {
            let probe = (i + step * 2).min(limit);
            if ok(probe) {
                good = probe;
                step *= 2;
            } else {
                bad = Some(probe);
                break;
            }
        }
        if let Some(mut hi) = bad {
            let mut lo = good;
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if ok(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            good = lo;
        }
        out.push(points[good]);
        reach = good - i;
        i = good;
    }
    out
}

/// A walked path pulled taut: each vertex joined to the farthest later one it sees.
pub fn taut_walk(land: &Land<'_>, path: &[LonLat]) -> Vec<LonLat> {
    let mut out = vec![path[0]];
    let mut i = 0;
    while i + 1 < path.len() {
        let mut j = path.len() - 1;
        while j > i + 1 && !clear(land, path[i], path[j]) {
            j -= 1;
        }
        out.push(path[j]);
        i = j;
    }
    out
}

/// True when two `[w, s, e, n]` boxes overlap, the first within [-180, 180] and the second
/// in continuous longitudes (shifted by a turn either way to compare).
fn boxes_meet(fixed: &[f64; 4], other: &[f64; 4]) -> bool {
    [-360.0, 0.0, 360.0].iter().any(|shift| {
        fixed[0] <= other[2] + shift
            && other[0] + shift <= fixed[2]
            && fixed[1] <= other[3]
            && other[1] <= fixed[3]
    })
}
