//! The pictures of a whole map as [`MapWriter`]s: the static SVG (`map.svg`) and the HTML preview
//! (`index.html`). Each is drawn from every layer at once, and a map with no feature draws none
//! (an earlier picture is then removed with the map's other leftovers).

use super::map_writer::{Dest, Intake, MapSummary, MapWriter, Written};
use super::owned::{HTML_NAME, SVG_NAME};
use crate::layers::Layer;
use crate::shapes::CountryShapes;

/// How a picture is drawn: the map's title, its layers, the basemap.
type Render = fn(&str, &[Layer], &CountryShapes<'_>) -> String;

/// One picture of the map.
pub struct Picture {
    file: &'static str,
    /// What the summary calls it.
    what: &'static str,
    render: Render,
}

impl Picture {
    /// `map.svg`: every layer on a Natural Earth basemap ([`super::svg`]).
    pub fn svg() -> Picture {
        Picture {
            file: SVG_NAME,
            what: "map",
            render: super::svg::render,
        }
    }

    /// `index.html`: the offline preview ([`super::html`]).
    pub fn html() -> Picture {
        Picture {
            file: HTML_NAME,
            what: "preview",
            render: super::html::render,
        }
    }
}

impl MapWriter for Picture {
    fn intake(&self) -> Intake {
        Intake::WholeLayers
    }

    fn finish(
        self: Box<Self>,
        map: &MapSummary<'_>,
        dest: &Dest<'_>,
    ) -> anyhow::Result<Vec<Written>> {
        let features = map.features();
        if features == 0 {
            return Ok(Vec::new());
        }
        dest.write(
            self.file,
            (self.render)(map.title, map.layers, map.shapes).as_bytes(),
        )?;
        Ok(vec![Written {
            layer: None,
            features,
            file: format!("{} ({})", dest.shown.join(self.file).display(), self.what),
        }])
    }
}
