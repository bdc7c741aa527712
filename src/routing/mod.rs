//! Sea routing: land polygons indexed for crossing tests ([`land`]), read from
//! `world-atlas`'s TopoJSON ([`topojson`]); named straits, capes and canals ([`passages`]); the
//! sea network ([`network`]), how it is built ([`build`]) and contracted ([`contract`]); the
//! shortest-path query on it ([`query`]) and the whole route, snapping to pulling taut
//! ([`route`]); water-only great circles ([`visibility`]).

pub mod build;
pub mod contract;
pub mod land;
pub mod network;
pub mod passages;
pub mod query;
pub mod route;
pub mod topojson;
pub mod visibility;

#[cfg(feature = "embedded")]
static LAND: &[u8] = include_bytes!("../../data/land.dln");
#[cfg(feature = "embedded")]
static NETWORK: &[u8] = include_bytes!("../../data/sea.dsn");

/// The land and network files compiled into this binary, for full checks in tests.
#[cfg(feature = "embedded")]
pub fn embedded_files() -> (&'static [u8], &'static [u8]) {
    (LAND, NETWORK)
}

/// The router on the land and sea network compiled into this binary (opened without the
/// full checks, which `embedded_files` lets the tests run).
pub fn embedded() -> Result<route::Router<'static>, network::NetworkError> {
    #[cfg(feature = "embedded")]
    {
        let land = land::Land::open_trusted(LAND)
            .map_err(|_| network::NetworkError::Corrupt("embedded land"))?;
        Ok(route::Router::new(
            land,
            network::Network::open_trusted(NETWORK)?,
        ))
    }
    #[cfg(not(feature = "embedded"))]
    {
        Err(network::NetworkError::NotEmbedded)
    }
}
