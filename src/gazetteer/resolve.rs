//! The resolver: one query in, one place (with ranked alternatives) or a reasoned error out.
//!
//! Order of attempts: validation; a `geo:` URI; a user place; the whole query as an exact name;
//! "X, Y[, Z]" (or "X (Y)") with each qualifier naming a country or admin-1 unit; a fuzzy match that is clearly
//! best. An unresolved query carries suggestions.

use std::borrow::Cow;

use super::custom::CustomPlaces;
use super::fuzzy;
use super::geo_uri;
use super::model::{CountryCode, NameKind, PlaceKind};
use super::normalize::normalize;
use super::rank::{rank, ranked_candidates, Candidate};
use super::store::PlaceRecord;
use super::Gazetteer;

use super::answer::{dedup_suggestions, suggestion_edits};
pub use super::answer::{
    validate, MatchKind, Place, Resolution, ResolveError, ResolvedKind, Suggestion,
    AMBIGUITY_MARGIN, MAX_QUERY_BYTES,
};

/// A fuzzy match resolves only when it beats the next place by this much score.
pub const FUZZY_MARGIN: f64 = 1.0;
/// The most edits a misspelt name may have where the place is drawn on a map (`build`, `route`):
/// a guess two edits away is as likely another place ('Jebel Ali' is two from 'Jablah', Syria).
pub const DRAW_MAX_EDITS: u8 = 1;

/// A region a qualifier names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Region {
    Country(CountryCode),
    Admin1(u32),
}

impl Region {
    /// Whether `p` lies in the region: for an admin-1 region, directly (a city in a state, a
    /// county in a map unit) or through its admin-1 unit (a city in a county of England).
    fn contains(&self, p: &PlaceRecord<'_>, store: &super::Store) -> bool {
        match *self {
            Region::Country(c) => p.country == Some(c) && p.kind != PlaceKind::Country,
            Region::Admin1(i) => {
                p.admin1 == Some(i)
                    || p.admin1.and_then(|a| store.place(a)).and_then(|a| a.admin1) == Some(i)
            }
        }
    }
}

/// Resolves queries against a gazetteer plus user places.
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    custom: CustomPlaces,
    country: Option<CountryCode>,
    limit: usize,
}

impl<'g> Resolver<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Resolver {
            gazetteer,
            custom: CustomPlaces::new(),
            country: None,
            limit: 5,
        }
    }

    /// Add user places; they take precedence over gazetteer names.
    pub fn with_custom(mut self, custom: CustomPlaces) -> Self {
        self.custom = custom;
        self
    }

    /// Restrict answers to one country (ISO 3166-1 alpha-2).
    pub fn with_country(mut self, country: Option<CountryCode>) -> Self {
        self.country = country;
        self
    }

    /// How many alternatives to report.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    fn place(&self, c: &Candidate<'g>) -> Place<'g> {
        let p = c.place;
        Place {
            name: Cow::Borrowed(p.name),
            country: p.country,
            // For a city, the state or province it lies in; an admin-1 unit's own parent (its
            // map unit, such as England) is not reported as an admin-1 name.
            admin1: (p.kind == PlaceKind::City)
                .then(|| p.admin1.and_then(|i| self.gazetteer.store().place(i)))
                .flatten()
                .map(|a| a.name),
            kind: p.kind.into(),
            lon: p.lon,
            lat: p.lat,
            population: (!p.population_estimated && p.population > 0)
                .then_some(p.population as u64),
            index: Some(p.index),
            score: c.score,
        }
    }

    /// Places named `key`, of the resolver's country if it has one, that pass `keep`, ranked.
    fn candidates(&self, key: &str, keep: impl Fn(&Candidate<'g>) -> bool) -> Vec<Candidate<'g>> {
        ranked_candidates(self.gazetteer, key, |c| {
            (self.country.is_none() || c.place.country == self.country) && keep(c)
        })
    }

    /// Candidates near `key` that pass `keep`: those sharing its first character if any, else
    /// those sharing its second (see `fuzzy::Scope`).
    fn fuzzy_candidates(
        &self,
        key: &str,
        max_edits: u8,
        keep: impl Fn(&Candidate<'g>) -> bool,
    ) -> Vec<Candidate<'g>> {
        let found = self.fuzzy_scoped(key, max_edits, fuzzy::Scope::SameFirstChar, &keep);
        if !found.is_empty() {
            return found;
        }
        // A wrong first letter is already one edit; allowing a second one too guesses wildly
        // (South Ossetia is two edits from North Ossetia).
        self.fuzzy_scoped(key, max_edits.min(1), fuzzy::Scope::SameSecondByte, &keep)
    }

    fn fuzzy_scoped(
        &self,
        key: &str,
        max_edits: u8,
        scope: fuzzy::Scope,
        keep: &impl Fn(&Candidate<'g>) -> bool,
    ) -> Vec<Candidate<'g>> {
        let store = self.gazetteer.store();
        let mut out = Vec::new();
        for (_, value, edits) in fuzzy::search(store, key, max_edits, scope) {
            for (i, name) in store.decode_postings(value) {
                if let Some(p) = store.place(i) {
                    let c = Candidate::new(p, name, edits);
                    if (self.country.is_none() || p.country == self.country) && keep(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// The resolution for candidates already sorted by [`rank`].
    fn answer_ranked(
        &self,
        cands: &[Candidate<'g>],
        matched: Option<MatchKind>,
    ) -> Option<Resolution<'g>> {
        let best = cands.first()?;
        let matched = matched.unwrap_or(match (best.edits, best.name) {
            (1.., _) => MatchKind::Fuzzy,
            (0, NameKind::Primary) => MatchKind::Exact,
            (0, _) => MatchKind::Alternate,
        });
        let ambiguous = cands
            .get(1)
            .is_some_and(|c| best.score - c.score < AMBIGUITY_MARGIN);
        Some(Resolution {
            place: self.place(best),
            matched,
            edits: best.edits,
            alternatives: cands
                .iter()
                .skip(1)
                .take(self.limit)
                .map(|c| self.place(c))
                .collect(),
            ambiguous,
        })
    }

    /// Resolve one query.
    pub fn resolve(&self, query: &str) -> Result<Resolution<'g>, ResolveError> {
        let query = query.trim();
        validate(query)?;
        if geo_uri::is_geo_uri(query) {
            let p = geo_uri::parse(query)?;
            return Ok(Resolution {
                place: Place {
                    name: Cow::Owned(query.to_string()),
                    country: None,
                    admin1: None,
                    kind: ResolvedKind::Coordinates,
                    lon: p.lon,
                    lat: p.lat,
                    population: None,
                    index: None,
                    score: 0.0,
                },
                matched: MatchKind::Coordinates,
                edits: 0,
                alternatives: Vec::new(),
                ambiguous: false,
            });
        }
        let key = normalize(query);
        if key.is_empty() {
            return Err(ResolveError::Empty);
        }
        if let Some(res) = self.custom_answer(&key) {
            return Ok(res);
        }
        // "S.C." is South Carolina: no country code is written with stops.
        let stops = super::normalize::written_with_stops(query);
        let not_a_code = |c: &Candidate<'g>| {
            !(stops && c.place.kind == PlaceKind::Country && c.name == NameKind::Code)
        };
        if let Some(exact) = super::normalize::stops_key(query) {
            if let Some(res) = self.answer_ranked(&self.candidates(&exact, not_a_code), None) {
                return Ok(res);
            }
        }
        if let Some(res) = self.answer_ranked(&self.candidates(&key, not_a_code), None) {
            return Ok(res);
        }
        if query.contains(',') {
            return self.resolve_qualified(query);
        }
        // "Paris (Texas)" is "Paris, Texas".
        if let Some((head, rest)) = query.split_once('(') {
            if let Some(inner) = rest.trim_end().strip_suffix(')') {
                if !head.trim().is_empty() && !inner.contains(['(', ')']) {
                    return self.resolve_qualified(&format!("{}, {}", head.trim(), inner.trim()));
                }
            }
        }
        if let Some(res) = self.space_qualified(&key) {
            return Ok(res);
        }
        let chars = key.chars().count();
        let cands = self.fuzzy_candidates(&key, fuzzy::allowed_edits(chars), |_| true);
        self.resolve_fuzzy_from(query, cands, &key)
    }

    /// Resolve a name that will be drawn: as [`Resolver::resolve`], but a misspelling is taken
    /// only when it is [`DRAW_MAX_EDITS`] edit from one clear place; a farther one is an unknown
    /// place whose suggestions start with the place it was near.
    pub fn resolve_to_draw(&self, query: &str) -> Result<Resolution<'g>, ResolveError> {
        let res = self.resolve(query)?;
        if res.matched != MatchKind::Fuzzy || res.edits <= DRAW_MAX_EDITS {
            return Ok(res);
        }
        let near = Suggestion {
            name: res.place.name.to_string(),
            country: res.place.country,
            kind: res.place.kind,
            lon: res.place.lon,
            lat: res.place.lat,
            population: res.place.population,
        };
        let mut suggestions = vec![near];
        for s in self.suggestions(&normalize(query)) {
            if suggestions.len() < 5
                && !suggestions
                    .iter()
                    .any(|k| k.name == s.name && k.country == s.country)
            {
                suggestions.push(s);
            }
        }
        Err(ResolveError::Unknown {
            query: query.trim().to_string(),
            suggestions,
        })
    }

    fn custom_answer(&self, key: &str) -> Option<Resolution<'g>> {
        let c = self.custom.get(key)?;
        let country = c.country;
        if self.country.is_some() && country != self.country {
            return None;
        }
        let alts = self.candidates(key, |_| true);
        Some(Resolution {
            place: Place {
                name: Cow::Owned(c.name.clone()),
                country,
                admin1: None,
                kind: ResolvedKind::Custom,
                lon: c.lon,
                lat: c.lat,
                population: None,
                index: None,
                score: f64::INFINITY,
            },
            matched: MatchKind::Custom,
            edits: 0,
            alternatives: alts
                .iter()
                .take(self.limit)
                .map(|a| self.place(a))
                .collect(),
            ambiguous: false,
        })
    }

    /// The regions a qualifier names: countries and admin-1 units matched by name or code.
    fn regions(&self, qualifier: &str) -> Vec<Region> {
        let store = self.gazetteer.store();
        store
            .postings(&normalize(qualifier))
            .into_iter()
            .filter_map(|(i, _)| store.place(i))
            .filter_map(|p| match p.kind {
                PlaceKind::Country => p.country.map(Region::Country),
                PlaceKind::Admin1 => Some(Region::Admin1(p.index)),
                _ => None,
            })
            .collect()
    }

    fn resolve_qualified(&self, query: &str) -> Result<Resolution<'g>, ResolveError> {
        let mut parts = query.split(',').map(str::trim);
        let head = parts.next().unwrap_or("");
        let mut region_sets = Vec::new();
        for q in parts.filter(|q| !q.is_empty()) {
            let regions = self.regions(q);
            if regions.is_empty() {
                let key = normalize(q);
                // Only what can qualify: countries and states.
                let mut near = self.fuzzy_candidates(&key, suggestion_edits(&key), |c| {
                    matches!(c.place.kind, PlaceKind::Country | PlaceKind::Admin1)
                });
                rank(&mut near);
                return Err(ResolveError::UnknownQualifier {
                    query: query.to_string(),
                    qualifier: q.to_string(),
                    suggestions: dedup_suggestions(&near),
                });
            }
            region_sets.push(regions);
        }
        let key = normalize(head);
        if key.is_empty() {
            return Err(ResolveError::Empty);
        }
        let store = self.gazetteer.store();
        let inside = |c: &Candidate<'_>| {
            region_sets
                .iter()
                .all(|set| set.iter().any(|r| r.contains(&c.place, store)))
        };
        let cands = self.candidates(&key, inside);
        if let Some(res) = self.answer_ranked(&cands, Some(MatchKind::Qualified)) {
            return Ok(res);
        }
        let chars = key.chars().count();
        let fuzzy = self.fuzzy_candidates(&key, fuzzy::allowed_edits(chars), inside);
        self.resolve_fuzzy_from(query, fuzzy, &key)
    }

    /// "Paris France", "San Jose Costa Rica": the last words as a qualifier when they name a
    /// country or admin-1 unit and the words before them name a place inside it. The longest
    /// head is tried first.
    fn space_qualified(&self, key: &str) -> Option<Resolution<'g>> {
        let words: Vec<&str> = key.split(' ').collect();
        let store = self.gazetteer.store();
        for split in (1..words.len()).rev() {
            let regions = self.regions(&words[split..].join(" "));
            if regions.is_empty() {
                continue;
            }
            let cands = self.candidates(&words[..split].join(" "), |c| {
                regions.iter().any(|r| r.contains(&c.place, store))
            });
            if let Some(res) = self.answer_ranked(&cands, Some(MatchKind::Qualified)) {
                return Some(res);
            }
        }
        None
    }

    fn resolve_fuzzy_from(
        &self,
        query: &str,
        mut cands: Vec<Candidate<'g>>,
        key: &str,
    ) -> Result<Resolution<'g>, ResolveError> {
        rank(&mut cands);
        let clear = match cands.as_slice() {
            [] => None,
            [_] => Some(true),
            // A state that yielded to its same-named city is not a rival of that city.
            [best, rest @ ..] => Some(
                rest.iter()
                    .find(|c| !c.yielded)
                    .is_none_or(|next| best.score - next.score >= FUZZY_MARGIN),
            ),
        };
        // The search just made already covered every key within the allowed edits; suggestions
        // only need a wider one.
        let searched = fuzzy::allowed_edits(key.chars().count());
        let unknown = || ResolveError::Unknown {
            query: query.to_string(),
            suggestions: if searched >= 2 {
                Vec::new()
            } else {
                self.suggestions(key)
            },
        };
        match clear {
            // Already ranked above: no second sort.
            Some(true) => self
                .answer_ranked(&cands, Some(MatchKind::Fuzzy))
                .ok_or_else(unknown),
            Some(false) => Err(ResolveError::AmbiguousTypo {
                query: query.to_string(),
                suggestions: dedup_suggestions(&cands),
            }),
            None => Err(unknown()),
        }
    }

    /// Up to five places one or two edits away (also for short words: only suggested, never
    /// chosen).
    pub fn suggestions(&self, key: &str) -> Vec<Suggestion> {
        let chars = key.chars().count();
        if chars < 3 || key.len() > 64 {
            return Vec::new();
        }
        let edits = if chars >= fuzzy::MIN_FUZZY_CHARS {
            2
        } else {
            1
        };
        let mut cands = self.fuzzy_candidates(key, edits, |_| true);
        rank(&mut cands);
        dedup_suggestions(&cands)
    }
}
