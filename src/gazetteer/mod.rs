//! The offline gazetteer: GeoNames cities, Natural Earth countries and admin-1 units, resolved by
//! name in microseconds from data compiled into the binary (or a file built by
//! `diplomap gazetteer import`).
//!
//! `normalize` makes index keys, `store` reads and writes the file format in place, `rank` scores
//! candidates, `fuzzy` finds near keys, `resolve` answers queries, `custom` holds user places,
//! `geo_uri` parses RFC 5870 coordinates and `import` builds files from the sources.

pub mod answer;
pub mod attached;
pub mod custom;
pub mod fuzzy;
pub mod geo_uri;
pub mod import;
pub mod model;
pub mod normalize;
pub mod rank;
pub mod resolve;
pub mod store;

use std::path::{Path, PathBuf};

pub use custom::{CustomPlace, CustomPlaces};
pub use model::CountryCode;
pub use resolve::{MatchKind, Place, Resolution, ResolveError, ResolvedKind, Resolver};
pub use store::{Store, StoreError};

/// The gazetteer file compiled into the binary (see `data/README.md`).
#[cfg(feature = "embedded")]
pub static EMBEDDED: &[u8] = include_bytes!("../../data/gazetteer.dgz");

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read gazetteer {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot load gazetteer {path}")]
    Store { path: PathBuf, source: StoreError },
    #[error("this diplomap was built without the embedded gazetteer; pass --gazetteer FILE (build one with `diplomap gazetteer import`)")]
    NoEmbedded,
    #[error("the embedded gazetteer is damaged")]
    Embedded(#[source] StoreError),
}

/// A loaded gazetteer.
#[derive(Clone)]
pub struct Gazetteer {
    store: Store,
    origin: String,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> Result<Self, LoadError> {
        #[cfg(feature = "embedded")]
        {
            let store = Store::from_static(EMBEDDED).map_err(LoadError::Embedded)?;
            Ok(Gazetteer {
                store,
                origin: "embedded".into(),
            })
        }
        #[cfg(not(feature = "embedded"))]
        Err(LoadError::NoEmbedded)
    }

    /// A gazetteer file built by `diplomap gazetteer import`, fully checked.
    pub fn from_file(path: &Path) -> Result<Self, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.into(),
            source,
        })?;
        let store = Store::from_bytes(bytes).map_err(|source| LoadError::Store {
            path: path.into(),
            source,
        })?;
        Ok(Gazetteer {
            store,
            origin: path.display().to_string(),
        })
    }

    /// `--gazetteer FILE` if given, else the embedded gazetteer.
    pub fn load(path: Option<&Path>) -> Result<Self, LoadError> {
        match path {
            Some(p) => Self::from_file(p),
            None => Self::embedded(),
        }
    }

    /// The underlying store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the gazetteer came from: `embedded` or a file path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The most populous city of at least `min_population` within `max_km` of `p` (a linear
    /// scan: for error hints such as "the nearest sea is by Novyy Port", not for hot paths).
    /// Returns the name and ISO country code.
    pub fn city_near(
        &self,
        lon: f64,
        lat: f64,
        max_km: f64,
        min_population: u32,
    ) -> Option<(String, Option<String>)> {
        let here = crate::geodesy::LonLat::new(lon, lat);
        let mut best: Option<(u32, u32)> = None;
        for i in 0..self.store.len() as u32 {
            let Some(c) = self.store.place(i) else {
                continue;
            };
            if c.kind != model::PlaceKind::City || c.population < min_population {
                continue;
            }
            // Cheap box test before the great circle.
            if (c.lat - lat).abs() > max_km / 111.0 + 0.01 {
                continue;
            }
            let d = crate::geodesy::great_circle::distance_km(
                here,
                crate::geodesy::LonLat::new(c.lon, c.lat),
            );
            if d <= max_km && best.is_none_or(|(pop, _)| c.population > pop) {
                best = Some((c.population, i));
            }
        }
        let c = self.store.place(best?.1)?;
        Some((c.name.to_string(), c.country_code().map(str::to_string)))
    }

    /// True when some country in the gazetteer has this ISO 3166-1 alpha-2 code.
    pub fn has_country(&self, code: CountryCode) -> bool {
        self.country(code).is_some()
    }

    /// The place index of the country with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: CountryCode) -> Option<u32> {
        let key = normalize::normalize(code.as_str());
        self.store
            .postings(&key)
            .into_iter()
            .map(|(i, _)| i)
            .find(|&i| {
                self.store
                    .place(i)
                    .is_some_and(|p| p.kind == model::PlaceKind::Country && p.country == Some(code))
            })
    }
}
