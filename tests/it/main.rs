//! diplomap's integration tests, one binary (`cargo test --test it`; one module per subject:
//! `cargo test --test it batch::`): each drives the real `diplomap` binary through
//! [`common::diplomap`], which scrubs the environment, or the library's public API. Tests that
//! read `../shared` skip with one line unless `DIPLOMAP_REQUIRE_SHARED=1`; interop tests need the
//! consumers `.ci/run` installs unless told otherwise. Golden outputs live in `tests/golden/`,
//! inputs in `tests/data/`, the npm consumers in `tests/interop/`.

mod common;

mod acceptance;
mod batch;
mod build_cli;
mod build_errors;
mod build_formats;
mod extract_cli;
mod extract_context;
mod extract_eval;
mod fuzz;
mod geodesy_props;
mod geoparsing;
mod golden;
mod import;
mod interop;
mod interop_formats;
mod interop_pictures;
mod interop_routes;
mod layout;
mod map_folder;
mod map_folder_files;
mod pipes;
mod resolve_cli;
mod robustness;
mod route_cli;
mod routing;
mod sea_lanes;
mod shell;
mod tables;
mod tables_cli;
