//! Bounding boxes that respect the antimeridian (RFC 7946 §5.2): when the tightest box around
//! some geometry crosses ±180, it is written with `west > east`, so a box around Fiji or a
//! Vladivostok–San Francisco arc spans the Pacific rather than the whole world.
//!
//! Each part (a point, a line part, a polygon ring) contributes one longitude interval; parts are
//! assumed already cut at the antimeridian, so none spans it. The box's longitude range is the
//! circle minus the widest gap between the intervals.
//!
//! Memory stays bounded however many parts stream past (a million-row event table): past
//! [`MAX_INTERVALS`] intervals, overlapping ones are merged, and if too many disjoint ones are
//! left, those separated by the narrowest gaps are joined. The box stays exact unless every gap
//! left is narrower than one joined away — points spread over every longitude — and even then
//! it holds every part. The result depends only on the sequence of parts added.

use super::LonLat;

/// `[west, south, east, north]` in degrees; `west > east` when the box crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bbox {
    /// True when the box crosses the antimeridian.
    pub fn crosses_antimeridian(&self) -> bool {
        self.west > self.east
    }
}

/// Accumulates parts and yields the tightest [`Bbox`].
///
/// ```
/// use diplomap::geodesy::{bbox::BboxBuilder, LonLat};
/// let mut b = BboxBuilder::default();
/// b.add_part(&[LonLat::new(131.89, 43.11), LonLat::new(180.0, 54.84)]);
/// b.add_part(&[LonLat::new(-180.0, 54.84), LonLat::new(-122.42, 37.77)]);
/// let bbox = b.finish().unwrap();
/// assert_eq!((bbox.west, bbox.east), (131.89, -122.42));
/// ```
#[derive(Debug, Clone, Default)]
pub struct BboxBuilder {
    intervals: Vec<(f64, f64)>,
    /// How many of the first intervals are sorted and disjoint (those left by the last
    /// compaction), so that a compaction sorts only the ones added since.
    sorted: usize,
    south: f64,
    north: f64,
}

/// Intervals held before they are merged (see the module's notes).
pub const MAX_INTERVALS: usize = 8192;

fn by_start(a: &(f64, f64), b: &(f64, f64)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
}

/// Merge overlapping intervals, sorted by start. The union does not depend on their order.
fn merged(mut iv: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    iv.sort_unstable_by(by_start);
    merge_sorted(iv.into_iter())
}

/// Merge overlapping intervals given in order of their start.
fn merge_sorted(iv: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(iv.size_hint().0);
    for (lo, hi) in iv {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// Two runs of intervals, each sorted by start, as one run sorted by start.
struct Interleave<'a> {
    a: &'a [(f64, f64)],
    b: &'a [(f64, f64)],
}

impl Iterator for Interleave<'_> {
    type Item = (f64, f64);

    fn next(&mut self) -> Option<(f64, f64)> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(x), Some(y)) => by_start(x, y).is_le(),
            (a, _) => a.is_some(),
        };
        let run = if take_a { &mut self.a } else { &mut self.b };
        let (&first, rest) = run.split_first()?;
        *run = rest;
        Some(first)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.a.len() + self.b.len();
        (n, Some(n))
    }
}

impl BboxBuilder {
    /// Add one position.
    pub fn add_point(&mut self, p: LonLat) {
        self.add_part(std::slice::from_ref(&p));
    }

    /// Add a part whose longitudes lie in [-180, 180] and do not span the antimeridian.
    pub fn add_part(&mut self, part: &[LonLat]) {
        let Some(first) = part.first() else { return };
        let (mut lo, mut hi) = (first.lon, first.lon);
        let (mut south, mut north) = (first.lat, first.lat);
        for p in part {
            lo = lo.min(p.lon);
            hi = hi.max(p.lon);
            south = south.min(p.lat);
            north = north.max(p.lat);
        }
        if self.intervals.is_empty() {
            (self.south, self.north) = (south, north);
        } else {
            self.south = self.south.min(south);
            self.north = self.north.max(north);
        }
        self.intervals.push((lo, hi));
        if self.intervals.len() >= MAX_INTERVALS {
            self.compact();
        }
    }

    /// Merge overlapping intervals; if more than half of [`MAX_INTERVALS`] disjoint ones are
    /// left, join those separated by the narrowest gaps.
    fn compact(&mut self) {
        let (done, new) = self.intervals.split_at_mut(self.sorted);
        new.sort_unstable_by(by_start);
        let mut iv = merge_sorted(Interleave { a: done, b: new });
        let keep = MAX_INTERVALS / 2;
        if iv.len() > keep {
            let mut gaps: Vec<f64> = iv.windows(2).map(|w| w[1].0 - w[0].1).collect();
            // Join every gap narrower than the `keep`-th widest.
            let nth = gaps.len() + 1 - keep;
            let threshold = *gaps.select_nth_unstable_by(nth, f64::total_cmp).1;
            let mut joined: Vec<(f64, f64)> = Vec::with_capacity(keep);
            for (lo, hi) in iv {
                match joined.last_mut() {
                    Some(last) if lo - last.1 < threshold => last.1 = last.1.max(hi),
                    _ => joined.push((lo, hi)),
                }
            }
            iv = joined;
        }
        self.sorted = iv.len();
        self.intervals = iv;
    }

    /// Add every part of another builder.
    pub fn merge(&mut self, other: &BboxBuilder) {
        if other.intervals.is_empty() {
            return;
        }
        if self.intervals.is_empty() {
            (self.south, self.north) = (other.south, other.north);
        } else {
            self.south = self.south.min(other.south);
            self.north = self.north.max(other.north);
        }
        self.intervals.extend_from_slice(&other.intervals);
        if self.intervals.len() >= MAX_INTERVALS {
            self.compact();
        }
    }

    /// The tightest box, or `None` when nothing was added.
    pub fn finish(&self) -> Option<Bbox> {
        if self.intervals.is_empty() {
            return None;
        }
        let merged = merged(self.intervals.clone());
        let first = merged[0];
        let last = merged[merged.len() - 1];
        // The gap across the antimeridian, then the widest gap inside [-180, 180].
        let wrap_gap = first.0 + 360.0 - last.1;
        let mut best: Option<(f64, usize)> = None;
        for i in 0..merged.len() - 1 {
            let gap = merged[i + 1].0 - merged[i].1;
            if gap > wrap_gap && best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, i));
            }
        }
        let (west, east) = match best {
            Some((_, i)) => (merged[i + 1].0, merged[i].1),
            None => (first.0, last.1),
        };
        Some(Bbox {
            west,
            south: self.south,
            east,
            north: self.north,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bbox(parts: &[&[(f64, f64)]]) -> Bbox {
        let mut b = BboxBuilder::default();
        for part in parts {
            let pts: Vec<LonLat> = part
                .iter()
                .map(|&(lon, lat)| LonLat::new(lon, lat))
                .collect();
            b.add_part(&pts);
        }
        b.finish().unwrap()
    }

    #[test]
    fn ordinary_box() {
        let b = bbox(&[&[(30.5, 50.4)], &[(37.6, 55.7)], &[(-77.0, 38.9)]]);
        assert_eq!(
            (b.west, b.south, b.east, b.north),
            (-77.0, 38.9, 37.6, 55.7)
        );
        assert!(!b.crosses_antimeridian());
    }

    #[test]
    fn russia_crosses_the_antimeridian() {
        // Mainland Russia and Chukotka east of 180.
        let b = bbox(&[
            &[(19.6, 41.2), (180.0, 81.9)],
            &[(-180.0, 64.0), (-169.0, 68.0)],
        ]);
        assert_eq!((b.west, b.east), (19.6, -169.0));
        assert!(b.crosses_antimeridian());
    }

    #[test]
    fn points_on_both_sides_of_the_pacific_take_the_narrow_way() {
        let b = bbox(&[&[(178.4, -18.1)], &[(-179.9, -16.5)]]);
        assert_eq!((b.west, b.east), (178.4, -179.9));
    }

    #[test]
    fn a_stream_of_points_keeps_bounded_memory_and_the_exact_box() {
        // 200,000 strikes across Ukraine, and one in Fiji east of 180: the box crosses the
        // Pacific, as it would with every interval kept.
        let mut b = BboxBuilder::default();
        for i in 0..200_000u32 {
            let t = f64::from(i) / 200_000.0;
            b.add_point(LonLat::new(
                22.0 + 18.0 * ((t * 7919.0).fract()),
                45.0 + 7.0 * t,
            ));
            assert!(b.intervals.len() < MAX_INTERVALS);
        }
        b.add_point(LonLat::new(-179.9, -16.5));
        let bb = b.finish().unwrap();
        assert_eq!((bb.east, bb.south), (-179.9, -16.5));
        approx::assert_abs_diff_eq!(bb.west, 22.0, epsilon = 1e-3);
    }

    #[test]
    fn points_at_every_longitude_still_fit_in_the_box() {
        let mut b = BboxBuilder::default();
        let lons: Vec<f64> = (0..100_000)
            .map(|i| -180.0 + 360.0 * ((f64::from(i) * 0.618_034).fract()))
            .collect();
        for &lon in &lons {
            b.add_point(LonLat::new(lon, 0.0));
        }
        let bb = b.finish().unwrap();
        for lon in lons {
            let inside = if bb.crosses_antimeridian() {
                lon >= bb.west || lon <= bb.east
            } else {
                lon >= bb.west && lon <= bb.east
            };
            assert!(inside, "{lon} outside {bb:?}");
        }
    }

    #[test]
    fn empty_builder_has_no_box() {
        assert_eq!(BboxBuilder::default().finish(), None);
    }
}
