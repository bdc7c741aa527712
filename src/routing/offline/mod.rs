//! Building the routing data, offline (`examples/build-sea-network.rs`, never at map time): the
//! land polygons read from `world-atlas`'s TopoJSON ([`topojson`]), with the lakes ships sail
//! opened again ([`lakes`]), and written as a land file ([`land`]); the sea network sampled from the land ([`sample`]), contracted into a hierarchy
//! ([`contract`]) and written as a network file ([`network`]).

pub mod contract;
pub mod lakes;
pub mod land;
pub mod network;
pub mod sample;
pub mod topojson;
