//! Bounding boxes that respect the antimeridian (RFC 7946 §5.2): when the tightest box around
//! some geometry crosses ±180, it is written with `west > east`, so a box around Fiji or a
//! Vladivostok–San Francisco arc spans the Pacific rather than the whole world.
//!
//! Each part (a point, a line part, a polygon ring) contributes one longitude interval; parts are
//! assumed already cut at the antimeridian, so none spans it. The box's longitude range is the
//! circle minus the widest gap between the intervals.

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
    south: f64,
    north: f64,
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
    }

    /// The tightest box, or `None` when nothing was added.
    pub fn finish(&self) -> Option<Bbox> {
        let mut iv = self.intervals.clone();
        if iv.is_empty() {
            return None;
        }
        iv.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(iv.len());
        for (lo, hi) in iv {
            match merged.last_mut() {
                Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
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
    fn empty_builder_has_no_box() {
        assert_eq!(BboxBuilder::default().finish(), None);
    }
}
