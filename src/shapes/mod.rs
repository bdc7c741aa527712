//! Country outlines for the `countries` layer: Natural Earth 10m admin-0 polygons (public domain),
//! simplified and compiled into the binary as `data/countries.dcs` (format in [`store`], built by
//! [`import`] through `examples/build-country-shapes.rs`).
//!
//! Outlines are keyed by the same ISO 3166-1 alpha-2 code (`ISO_A2_EH`) the gazetteer gives
//! countries, from the same Natural Earth edition, so a country the gazetteer resolves always has
//! its outline. Exterior rings are counter-clockwise, holes clockwise (RFC 7946 §3.1.6); parts
//! never cross the antimeridian (Natural Earth splits them there).

pub mod import;
pub mod store;

pub use store::{CountryShapes, ShapesError};

#[cfg(feature = "embedded")]
static EMBEDDED: &[u8] = include_bytes!("../../data/countries.dcs");

/// The country outlines compiled into this binary.
///
/// Fails only in a build without the `embedded` feature (the data bootstrap build).
pub fn embedded() -> Result<CountryShapes<'static>, ShapesError> {
    #[cfg(feature = "embedded")]
    {
        CountryShapes::open(EMBEDDED)
    }
    #[cfg(not(feature = "embedded"))]
    {
        Err(ShapesError::NotEmbedded)
    }
}
