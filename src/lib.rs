//! diplomap turns diplomatic and military events into map layers. The pipeline runs one way:
//! a [`scenario`] (TOML, words and dates) is parsed and checked; its place names are resolved
//! offline by the [`gazetteer`] (GeoNames and Natural Earth compiled into the binary); geometry
//! is drawn by [`geodesy`] (great circles cut at the antimeridian) and [`routing`] (sea routes
//! that never cross land), with country outlines from [`shapes`]; [`layers`] turn it into one
//! FeatureCollection per kind, and [`output`] writes them into a [`mapdir`], the output folder
//! replaced whole. [`cli`] turns flags into calls; `main`
//! only calls it. [`binfile`] is the envelope of the compact data files.

pub mod binfile;
pub mod build;
pub mod cli;
pub mod error;
pub mod extract;
pub mod gazetteer;
pub mod geodesy;
pub mod input;
pub mod layers;
pub mod mapdir;
pub mod output;
pub mod routing;
pub mod scenario;
pub mod shapes;
pub mod table;
