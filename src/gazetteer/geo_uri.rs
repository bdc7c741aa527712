//! RFC 5870 `geo:` URIs: coordinates given directly, latitude first, so no one guesses the axis
//! order. `geo:55.7522,37.6156`, with an optional altitude and parameters (`;crs=wgs84`,
//! `;u=35`); any CRS other than WGS 84 is refused.

/// A point from a `geo:` URI, degrees north / east, WGS 84.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Why a `geo:` URI was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoUriError {
    #[error(
        "'{0}' is not a geo URI: expected geo:LAT,LON (latitude first), e.g. geo:55.7522,37.6156"
    )]
    Syntax(String),
    #[error(
        "'{value}' in '{uri}' is not a number; geo URIs are geo:LAT,LON, e.g. geo:55.7522,37.6156"
    )]
    NotNumber { uri: String, value: String },
    #[error("latitude {lat} in '{uri}' is out of range [-90, 90]{hint}")]
    LatRange {
        uri: String,
        lat: String,
        hint: &'static str,
    },
    #[error("longitude {lon} in '{uri}' is out of range [-180, 180]")]
    LonRange { uri: String, lon: String },
    #[error("coordinate reference system '{crs}' in '{uri}' is not supported: only wgs84")]
    Crs { uri: String, crs: String },
}

/// True when the query is meant as a geo URI (it starts with `geo:`, any case).
pub fn is_geo_uri(query: &str) -> bool {
    query
        .as_bytes()
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"geo:"))
}

/// Parse a `geo:` URI.
///
/// ```
/// use diplomap::gazetteer::geo_uri::parse;
/// let p = parse("geo:50.4547,30.5238").unwrap(); // Kyiv
/// assert_eq!((p.lat, p.lon), (50.4547, 30.5238));
/// assert!(parse("geo:30.5238,250").is_err());
/// ```
pub fn parse(uri: &str) -> Result<GeoPoint, GeoUriError> {
    let uri = uri.trim();
    if !is_geo_uri(uri) {
        return Err(GeoUriError::Syntax(uri.to_string()));
    }
    let body = &uri[4..];
    let mut parts = body.split(';');
    let coords = parts.next().unwrap_or("");
    for param in parts {
        let (k, v) = param.split_once('=').unwrap_or((param, ""));
        if k.trim().eq_ignore_ascii_case("crs") && !v.trim().eq_ignore_ascii_case("wgs84") {
            return Err(GeoUriError::Crs {
                uri: uri.to_string(),
                crs: v.trim().to_string(),
            });
        }
    }
    let nums: Vec<&str> = coords.split(',').map(str::trim).collect();
    if nums.len() < 2 || nums.len() > 3 {
        return Err(GeoUriError::Syntax(uri.to_string()));
    }
    let num = |s: &str| -> Result<f64, GeoUriError> {
        s.parse::<f64>()
            .ok()
            .filter(|v| {
                v.is_finite() && !s.is_empty() && !s.contains(['e', 'E', 'n', 'N', 'i', 'I'])
            })
            .ok_or_else(|| GeoUriError::NotNumber {
                uri: uri.to_string(),
                value: s.to_string(),
            })
    };
    let lat = num(nums[0])?;
    let lon = num(nums[1])?;
    if nums.len() == 3 {
        num(nums[2])?;
    }
    if lat.abs() > 90.0 {
        let hint = if lon.abs() <= 90.0 {
            "; geo URIs put latitude first: did you mean geo:LAT,LON with the two swapped?"
        } else {
            ""
        };
        return Err(GeoUriError::LatRange {
            uri: uri.to_string(),
            lat: nums[0].to_string(),
            hint,
        });
    }
    if lon.abs() > 180.0 {
        return Err(GeoUriError::LonRange {
            uri: uri.to_string(),
            lon: nums[1].to_string(),
        });
    }
    Ok(GeoPoint { lat, lon })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc5870_forms() {
        assert_eq!(
            parse("GEO:13.0878,80.2785").unwrap(),
            GeoPoint {
                lat: 13.0878,
                lon: 80.2785
            }
        );
        assert_eq!(parse("geo:43.1056,131.8735,12;u=30").unwrap().lon, 131.8735);
        assert_eq!(parse("geo:-33.9,18.4;crs=WGS84").unwrap().lat, -33.9);
    }

    #[test]
    fn refuses_bad_uris_with_reasons() {
        assert_eq!(
            parse("geo:95,10").unwrap_err().to_string(),
            "latitude 95 in 'geo:95,10' is out of range [-90, 90]; geo URIs put latitude first: did you mean geo:LAT,LON with the two swapped?"
        );
        assert_eq!(
            parse("geo:10,181").unwrap_err().to_string(),
            "longitude 181 in 'geo:10,181' is out of range [-180, 180]"
        );
        assert!(matches!(
            parse("geo:abc,10"),
            Err(GeoUriError::NotNumber { .. })
        ));
        assert!(matches!(parse("geo:10"), Err(GeoUriError::Syntax(_))));
        assert!(matches!(
            parse("geo:NaN,10"),
            Err(GeoUriError::NotNumber { .. })
        ));
        assert!(matches!(
            parse("geo:1,2;crs=epsg3857"),
            Err(GeoUriError::Crs { .. })
        ));
        assert!(!is_geo_uri("北京"));
        assert!(!is_geo_uri("ge"));
    }
}
