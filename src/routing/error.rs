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
    /// The point's water lies in a passage closed to this route (the Northern Sea Route's seas
    /// unless allowed, a strait the route avoids): no way out of it is open.
    #[error("the {end} point is {}", in_closed(*.passage, *.avoided, "allow", "avoid"))]
    Closed {
        end: End,
        /// Index into [`super::passages::PASSAGES`].
        passage: usize,
        /// True when the route avoids it; false when it is closed by default.
        avoided: bool,
    },
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

/// Where an end is and how to open it: "in the Northern Sea Route, closed by default; hint:
/// add 'Northern Sea Route' to --allow", or "in the Bosporus, which the route avoids; hint: drop
/// 'Bosporus' from --avoid" (and add it to --allow, for a passage closed by default). `allow`
/// and `avoid` name the flags or keys in the caller's words (`--allow`, `allow`).
pub fn in_closed(passage: usize, avoided: bool, allow: &str, avoid: &str) -> String {
    let p = &super::passages::PASSAGES[passage];
    let name = p.name;
    let why = if avoided && p.closed_by_default() {
        format!("which the route avoids; hint: drop '{name}' from {avoid} and add it to {allow}")
    } else if avoided {
        format!("which the route avoids; hint: drop '{name}' from {avoid}")
    } else {
        format!("closed by default; hint: add '{name}' to {allow}")
    };
    format!("in the {name}, {why}")
}
