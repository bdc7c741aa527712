//! The JSON report of a map's build, one type for `build --report` and each map of
//! `batch --report`: its status, each layer's feature count, the files written, the warnings,
//! what each event table gave, the error of a failed build, and the seconds it took.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Summary;

/// What one event table gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableReport {
    pub name: String,
    pub rows: u64,
    /// Events read and drawn.
    pub events: u64,
    pub skipped_bad_rows: u64,
    /// Rows of each event type that no layer draws.
    pub no_layer: BTreeMap<String, u64>,
    pub seconds: f64,
}

/// How a map's build went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Built,
    /// Its inputs were as at its last build (`batch`).
    Unchanged,
    Failed,
}

/// The report of one map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapReport {
    /// The map's name (`batch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The output folder as written (`batch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub status: Status,
    /// Features of each layer written, in layer order.
    pub layers: serde_json::Map<String, serde_json::Value>,
    pub files: Vec<String>,
    pub warnings: Vec<String>,
    pub tables: Vec<TableReport>,
    pub error: Option<String>,
    pub seconds: f64,
}

impl MapReport {
    /// A map built, with what it wrote.
    pub fn built(summary: &Summary, seconds: f64) -> MapReport {
        MapReport {
            layers: summary
                .layers
                .iter()
                .map(|(n, c)| (n.as_str().to_string(), serde_json::json!(c)))
                .collect(),
            files: summary.files.clone(),
            warnings: summary.warnings.clone(),
            tables: summary.tables.clone(),
            ..MapReport::new(Status::Built, seconds)
        }
    }

    /// A map that failed, with the error and its whole cause chain.
    pub fn failed(error: &anyhow::Error, seconds: f64) -> MapReport {
        MapReport {
            error: Some(format!("{error:#}")),
            ..MapReport::new(Status::Failed, seconds)
        }
    }

    /// A report with nothing but a status.
    pub fn new(status: Status, seconds: f64) -> MapReport {
        MapReport {
            name: None,
            output: None,
            status,
            layers: serde_json::Map::new(),
            files: Vec::new(),
            warnings: Vec::new(),
            tables: Vec::new(),
            error: None,
            seconds: (seconds * 1000.0).round() / 1000.0,
        }
    }

    /// As pretty JSON, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
