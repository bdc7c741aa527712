//! Which events and layers a map keeps: `--kinds`, `--since`/`--until` (an event is kept when
//! it is under way at some moment of the range; undated events are left out once a date is
//! given) and `--layers`.

use serde::Serialize;

use crate::layers::LayerName;
use crate::scenario::{Event, EventKind, When};

/// Which events and layers a build keeps.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    /// Empty: every layer.
    pub layers: Vec<LayerName>,
    /// Empty: every kind.
    pub kinds: Vec<EventKind>,
    pub since: Option<When>,
    pub until: Option<When>,
}

impl Filters {
    /// True when the event passes the kind and date filters.
    pub fn keep(&self, e: &Event) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&e.kind) {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (Some(start), Some(end)) = (e.start, e.end) else {
            return false;
        };
        self.since.is_none_or(|s| end.latest() >= s.earliest())
            && self.until.is_none_or(|u| start.earliest() <= u.latest())
    }

    /// True when the layer is written.
    pub fn layer(&self, name: LayerName) -> bool {
        self.layers.is_empty() || self.layers.contains(&name)
    }
}
