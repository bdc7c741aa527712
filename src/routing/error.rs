//! Why a route cannot be drawn ([`RouteError`]), and which of its stops a problem is at
//! ([`End`]), for callers to name the place in their own words.

use crate::geodesy::LonLat;

/// Which stop of a route a problem is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Start,
    /// The `i`-th `via` stop (from 0).
    Via(usize),
    End,
}

impl std::fmt::Display for End {
    /// `start`, `via` or `end`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            End::Start => "start",
            End::Via(_) => "via",
            End::End => "end",
        })
    }
}

/// Why no route was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("{end} is {km:.0} km from the nearest sea water, more than the {max_km:.0} km allowed; hint: name a port on the coast, or raise --max-snap-km")]
    Inland {
        end: End,
        km: f64,
        max_km: f64,
        /// The nearest sea water found, for suggesting a port.
        sea: Option<LonLat>,
    },
    #[error("no water within reach of the {end} point; hint: name a port on the coast")]
    NoWater { end: End },
    #[error("the {end} point's water is cut off from the world ocean (a lake or a closed sea); hint: name a sea port")]
    Isolated { end: End },
    #[error("no sea route remains{}; hint: avoid fewer passages", if .avoided.is_empty() { String::new() } else { format!(" avoiding {}", .avoided.join(", ")) })]
    NoRoute { avoided: Vec<&'static str> },
    #[error("{}; route each sea on its own, or draw the land between by air", super::basins::apart(&format!("the {from} point"), &format!("the {to} point"), *.from_basin, *.to_basin))]
    Apart {
        from: End,
        to: End,
        /// Indices into [`super::basins::BASINS`].
        from_basin: usize,
        to_basin: usize,
    },
    #[error("the start and the end are the same point")]
    SamePlace,
    /// An air leg between antipodal points.
    #[error(transparent)]
    Arc(#[from] crate::geodesy::great_circle::ArcError),
}
