//! Sea routing, at map time: land polygons indexed for crossing tests ([`land`]); named straits,
//! capes, canals and rivers ([`passages`]); the ports routes start from ([`ports`]); the sea network ([`network`]) and its separate basins ([`basins`]). A route ([`route`]) snaps its
//! stops to water ([`snap`]), searches the network between them ([`search`]) with the route's
//! options ([`options`]), pulls the path taut ([`taut`]) with water-only great circles
//! ([`visibility`]). [`corridor`] draws a corridor for any mode, by sea or by air. The data files
//! are built by [`offline`].

pub mod basins;
pub mod corridor;
pub mod error;
pub mod land;
pub mod network;
pub mod offline;
pub mod options;
pub mod passages;
pub mod ports;
pub mod route;
pub mod search;
pub mod snap;
pub mod taut;
pub mod visibility;

pub use options::RouteOptions;

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
