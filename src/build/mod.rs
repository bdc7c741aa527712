//! The build pipeline, below the command line: a [`Request`] (flags or a manifest's `[[map]]`)
//! is checked into a [`Plan`]; [`Plan::run`] reads the scenarios and event tables, resolves every
//! place, computes the layers ([`compute`], tables streamed by [`stream`]) and hands the features
//! to the map's writers ([`fanout`], [`crate::output::MapWriter`]) in a staging folder that then
//! replaces the map whole. It returns a [`Summary`], which [`report`] turns into the JSON report
//! of `build` and `batch`.

pub mod checks;
pub mod compute;
pub mod fanout;
pub mod filters;
pub mod manifest;
pub mod plan;
pub mod report;
mod run;
pub mod stream;

pub use filters::Filters;
pub use plan::{Plan, Request, Source, CHUNK_ROWS};
pub use report::{MapReport, Status, TableReport};

use std::path::Path;

use crate::layers::LayerName;
use crate::output::Written;

/// Something a build says as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note<'a> {
    /// A problem that did not stop the build (also kept in [`Summary::warnings`]).
    Warning(&'a str),
    /// What the build is doing: waiting for another build, a table's statistics.
    Info(&'a str),
}

/// The progress of one table's reading, shown as the caller likes (a bar on a terminal).
pub trait Progress {
    /// Rows and bytes read so far.
    fn update(&mut self, rows: u64, bytes: u64);
}

/// Makes the progress of a table, given its name and size in bytes (when known); called on the
/// thread that reads the table.
pub type ShowProgress<'a> = &'a (dyn Fn(&str, Option<u64>) -> Box<dyn Progress> + Sync);

/// How a plan is run.
pub struct Run<'a> {
    /// A gazetteer file to use instead of the embedded one.
    pub gazetteer: Option<&'a Path>,
    /// Where notes go as they come.
    pub log: &'a mut dyn FnMut(Note<'_>),
    /// Shows the reading of tables (none: nothing is shown).
    pub progress: Option<ShowProgress<'a>>,
    /// Also say each table's rows, events and speed.
    pub verbose: bool,
}

/// What a build wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Each layer written with its feature count, in order.
    pub layers: Vec<(LayerName, u64)>,
    /// Every file written, as shown in the summary.
    pub files: Vec<String>,
    /// Every warning, as said.
    pub warnings: Vec<String>,
    /// What each event table gave.
    pub tables: Vec<TableReport>,
    /// The summary's lines: each file written or removed, by layer (pictures first).
    pub rows: Vec<Written>,
}
