//! Great-circle arcs on a sphere: distance, intermediate points, densification, and the closed
//! form for the latitude where a great circle meets a meridian.
//!
//! GeoJSON joins vertices with straight lines in longitude/latitude, so an arc drawn with two
//! vertices is a rhumb-ish line, not the shortest path. [`arc`] adds vertices along the great
//! circle so that no segment is longer than a given length.

use super::{LonLat, EARTH_RADIUS_KM};

/// Why an arc cannot be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArcError {
    /// Antipodal points have no unique great circle between them.
    #[error("the two places are antipodal (opposite sides of the Earth), so no single great circle joins them")]
    Antipodal,
}

/// Central angle between two points, in radians (haversine formula, stable for short arcs).
pub fn central_angle(a: LonLat, b: LonLat) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * h.sqrt().min(1.0).asin()
}

/// Great-circle distance on the mean-radius sphere, in km.
///
/// ```
/// use diplomap::geodesy::{great_circle::distance_km, LonLat};
/// let moscow = LonLat::new(37.61556, 55.75222);
/// let kyiv = LonLat::new(30.5238, 50.45466);
/// approx::assert_relative_eq!(distance_km(moscow, kyiv), 756.0, epsilon = 2.0);
/// ```
pub fn distance_km(a: LonLat, b: LonLat) -> f64 {
    central_angle(a, b) * EARTH_RADIUS_KM
}

fn to_vector(p: LonLat) -> [f64; 3] {
    let (phi, lambda) = (p.lat.to_radians(), p.lon.to_radians());
    [
        phi.cos() * lambda.cos(),
        phi.cos() * lambda.sin(),
        phi.sin(),
    ]
}

/// The great-circle arc from `a` to `b` with a vertex at least every `max_segment_km`,
/// both ends included. Longitudes are continuous: they start at `a.lon` and may leave
/// [-180, 180] on the way (cut with [`super::antimeridian::cut`]).
///
/// Identical points give the two-point line `[a, b]`.
///
/// ```
/// use diplomap::geodesy::{great_circle::arc, LonLat};
/// let delhi = LonLat::new(77.23149, 28.65195);
/// let moscow = LonLat::new(37.61556, 55.75222);
/// let line = arc(delhi, moscow, 100.0).unwrap();
/// assert_eq!(line.len(), 45); // 4,345 km in 44 segments of under 100 km
/// assert_eq!(line[0], delhi);
/// approx::assert_relative_eq!(line[44].lon, moscow.lon, epsilon = 1e-9);
/// ```
pub fn arc(a: LonLat, b: LonLat, max_segment_km: f64) -> Result<Vec<LonLat>, ArcError> {
    let points = ArcPoints::new(a, b, max_segment_km)?;
    let mut out = Vec::with_capacity(points.segments() + 1);
    out.push(a);
    for i in 1..=points.segments() {
        out.push(points.point(i, out[i - 1].lon));
    }
    Ok(out)
}

/// The vertices of [`arc`] one at a time, in any order: vertex `i` without the ones before it,
/// bit for bit the same as `arc(a, b, max_segment_km)[i]`.
#[derive(Debug, Clone, Copy)]
pub struct ArcPoints {
    a: LonLat,
    b: LonLat,
    va: [f64; 3],
    vb: [f64; 3],
    delta: f64,
    sin_delta: f64,
    segments: usize,
}

impl ArcPoints {
    /// The arc from `a` to `b` in segments of at most `max_segment_km`.
    pub fn new(a: LonLat, b: LonLat, max_segment_km: f64) -> Result<Self, ArcError> {
        let delta = central_angle(a, b);
        if delta != 0.0 && (std::f64::consts::PI - delta).abs() < 1e-9 {
            return Err(ArcError::Antipodal);
        }
        let segments = ((delta * EARTH_RADIUS_KM) / max_segment_km).ceil().max(1.0) as usize;
        Ok(Self {
            a,
            b,
            va: to_vector(a),
            vb: to_vector(b),
            delta,
            sin_delta: delta.sin(),
            segments,
        })
    }

    /// Number of segments (vertices − 1).
    pub fn segments(&self) -> usize {
        self.segments
    }

    /// Length of each segment along the great circle, in km.
    pub fn segment_km(&self) -> f64 {
        self.delta * EARTH_RADIUS_KM / self.segments as f64
    }

    /// Vertex `i` (0 ..= segments), its longitude continued from `near_lon` (within 180°).
    pub fn point(&self, i: usize, near_lon: f64) -> LonLat {
        if i == 0 {
            return LonLat::new(continue_lon(near_lon, self.a.lon), self.a.lat);
        }
        if i >= self.segments || self.delta == 0.0 {
            return LonLat::new(continue_lon(near_lon, self.b.lon), self.b.lat);
        }
        let f = i as f64 / self.segments as f64;
        let wa = ((1.0 - f) * self.delta).sin() / self.sin_delta;
        let wb = (f * self.delta).sin() / self.sin_delta;
        let (va, vb) = (self.va, self.vb);
        let v = [
            wa * va[0] + wb * vb[0],
            wa * va[1] + wb * vb[1],
            wa * va[2] + wb * vb[2],
        ];
        let lat = v[2].atan2((v[0] * v[0] + v[1] * v[1]).sqrt()).to_degrees();
        LonLat::new(continue_lon(near_lon, v[1].atan2(v[0]).to_degrees()), lat)
    }
}

/// The great-circle path through `waypoints` in order (leg after leg), densified like [`arc`],
/// with longitudes continuous across the legs.
pub fn path(waypoints: &[LonLat], max_segment_km: f64) -> Result<Vec<LonLat>, ArcError> {
    let mut out: Vec<LonLat> = Vec::new();
    for w in waypoints.windows(2) {
        let start = match out.last() {
            Some(last) => *last,
            None => w[0],
        };
        let leg = arc(
            start,
            LonLat::new(continue_lon(start.lon, w[1].lon), w[1].lat),
            max_segment_km,
        )?;
        let skip = usize::from(!out.is_empty());
        out.extend(leg.into_iter().skip(skip));
    }
    Ok(out)
}

/// `lon` shifted by a multiple of 360 so that it is within 180 of `prev`.
pub fn continue_lon(prev: f64, lon: f64) -> f64 {
    // Whole turns added to `lon` itself, so an unshifted longitude comes back bit for bit.
    if !(lon.is_finite() && prev.is_finite()) {
        return lon;
    }
    let mut out = lon;
    if (out - prev).abs() > 540.0 {
        out += ((prev - lon) / 360.0).round() * 360.0;
    }
    while out - prev > 180.0 {
        out -= 360.0;
    }
    while out - prev <= -180.0 {
        out += 360.0;
    }
    out
}

/// Latitude, in degrees, where the great circle through `a` and `b` meets the meridian `lon`
/// (closed form from the Aviation Formulary). `None` when `a` and `b` share a meridian, where the
/// great circle is that meridian and meets no other except at the poles.
///
/// Vladivostok (131.89, 43.11) → San Francisco (−122.42, 37.77) meets the antimeridian at
/// 54.844513°N:
///
/// ```
/// use diplomap::geodesy::{great_circle::latitude_at, LonLat};
/// let lat = latitude_at(LonLat::new(131.89, 43.11), LonLat::new(-122.42, 37.77), 180.0).unwrap();
/// approx::assert_abs_diff_eq!(lat, 54.844513, epsilon = 1e-6);
/// ```
pub fn latitude_at(a: LonLat, b: LonLat, lon: f64) -> Option<f64> {
    let (phi1, lambda1) = (a.lat.to_radians(), a.lon.to_radians());
    let (phi2, lambda2) = (b.lat.to_radians(), b.lon.to_radians());
    let lambda = lon.to_radians();
    let den = phi1.cos() * phi2.cos() * (lambda1 - lambda2).sin();
    if den.abs() < 1e-12 {
        return None;
    }
    let num = phi1.sin() * phi2.cos() * (lambda - lambda2).sin()
        - phi2.sin() * phi1.cos() * (lambda - lambda1).sin();
    Some((num / den).atan().to_degrees())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn vertices_stay_on_the_circle_and_under_the_segment_limit() {
        let a = LonLat::new(131.89, 43.11);
        let b = LonLat::new(-122.42, 37.77);
        let line = arc(a, b, 100.0).unwrap();
        for w in line.windows(2) {
            assert!(distance_km(w[0], w[1]) <= 100.0 + 1e-6);
            assert!((w[1].lon - w[0].lon).abs() < 180.0);
        }
        for p in &line[1..line.len() - 1] {
            let lat = latitude_at(a, b, p.lon).unwrap();
            assert_abs_diff_eq!(lat, p.lat, epsilon = 1e-9);
        }
        // Continuous longitudes: eastward across the antimeridian, ending at 237.58.
        assert_abs_diff_eq!(line.last().unwrap().lon, 237.58, epsilon = 1e-9);
    }

    #[test]
    fn antipodes_are_refused() {
        let err = arc(LonLat::new(0.0, 0.0), LonLat::new(180.0, 0.0), 100.0).unwrap_err();
        assert_eq!(err, ArcError::Antipodal);
    }

    #[test]
    fn same_meridian_has_no_crossing() {
        assert_eq!(
            latitude_at(LonLat::new(30.0, 10.0), LonLat::new(30.0, 50.0), 100.0),
            None
        );
    }
}
