//! diplomap turns diplomatic and military events into map layers. The pipeline runs one way,
//! and each room of the code holds one step of it:
//!
//! | room | holds |
//! |---|---|
//! | [`build`] | the pipeline: a [`build::Request`] (flags, a manifest's `[[map]]`, [`build::manifest`]) checked into a [`build::Plan`]; [`build::Plan::run`] reads, resolves, computes and writes; the JSON report |
//! | [`scenario`] | scenarios: TOML parsed and checked, every problem at its line, dates, place names resolved for a map |
//! | [`table`] | event tables (CSV, TSV, ACLED exports) read row by row |
//! | [`extract`] | articles read for places, dates and events, into a draft scenario |
//! | [`gazetteer`] | the offline gazetteer (GeoNames, Natural Earth, ports): the store, ranking, the resolver, its answers and their labels, imports |
//! | [`layers`] | one FeatureCollection per kind of thing on the map, and every feature's properties |
//! | [`routing`] | sea routes that never cross land (snap, search, pull taut; one [`routing::corridor::draw`] for any mode); [`routing::offline`] builds the data |
//! | [`geodesy`] | great circles cut at the antimeridian, lengths, boxes, precision |
//! | [`shapes`] | country outlines |
//! | [`output`] | one [`output::MapWriter`] per output (GeoJSON, GeoJSON text sequences, GeoPackage, FlatGeobuf, QGIS styles, SVG, HTML) |
//! | [`mapdir`] | the output folder, replaced whole; single files written atomically |
//! | [`input`], [`error`], [`binfile`], [`outline_codec`] | text inputs (`-` or a path), the usage error, the envelope of the compact data files, the outline codec they share |
//! | [`cli`] | one file per subcommand: flags into calls, and printing; `main` only calls it |
//!
//! A lower room never imports a higher one (`tests/it/layout.rs` checks that no two files or
//! modules import each other). The tests are one binary, `tests/it/`, a module per subject.

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
pub mod outline_codec;
pub mod output;
pub mod routing;
pub mod scenario;
pub mod shapes;
pub mod table;
