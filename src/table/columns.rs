//! Which column of an event table means what. Each [`Role`] is a field of the scenario model;
//! a header names a role by the role's own name (`kind`, `place`, `lon`, `date`…, any case), by
//! a common alias (`longitude`, `lng`, `x`, `latitude`, `y`), or by an explicit mapping
//! (`--columns date=event_date`). A named preset maps a known export as it comes: `acled`, for
//! ACLED's conflict-event exports. Every other column passes through as a property.

use std::fmt;

/// A field an event-table column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Kind,
    Place,
    Lon,
    Lat,
    Date,
    Start,
    End,
    Title,
    Description,
    Source,
    Tags,
    Actor,
    Target,
    Weapon,
    Casualties,
    From,
    Participants,
    Organization,
    Hosts,
    Members,
    Absent,
    To,
    Via,
    Mode,
}

impl Role {
    pub const ALL: [Role; 25] = [
        Role::Id,
        Role::Kind,
        Role::Place,
        Role::Lon,
        Role::Lat,
        Role::Date,
        Role::Start,
        Role::End,
        Role::Title,
        Role::Description,
        Role::Source,
        Role::Tags,
        Role::Actor,
        Role::Target,
        Role::Weapon,
        Role::Casualties,
        Role::From,
        Role::Participants,
        Role::Organization,
        Role::Hosts,
        Role::Members,
        Role::Absent,
        Role::To,
        Role::Via,
        Role::Mode,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Kind => "kind",
            Role::Place => "place",
            Role::Lon => "lon",
            Role::Lat => "lat",
            Role::Date => "date",
            Role::Start => "start",
            Role::End => "end",
            Role::Title => "title",
            Role::Description => "description",
            Role::Source => "source",
            Role::Tags => "tags",
            Role::Actor => "actor",
            Role::Target => "target",
            Role::Weapon => "weapon",
            Role::Casualties => "casualties",
            Role::From => "from",
            Role::Participants => "participants",
            Role::Organization => "organization",
            Role::Hosts => "hosts",
            Role::Members => "members",
            Role::Absent => "absent",
            Role::To => "to",
            Role::Via => "via",
            Role::Mode => "mode",
        }
    }

    /// Lists of places or words, written in one cell separated by `;`.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Role::Tags
                | Role::Participants
                | Role::Hosts
                | Role::Members
                | Role::Absent
                | Role::Via
        )
    }

    fn parse(name: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.as_str() == name)
    }

    /// Other header names taken for this role when no header has the role's own name.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Lon => &["longitude", "lng", "long", "x"],
            Role::Lat => &["latitude", "y"],
            _ => &[],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named mapping for a known export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// ACLED (Armed Conflict Location & Event Data) exports: `event_id_cnty`, `event_date`,
    /// `event_type`, `actor1`, `location`, `latitude`, `longitude`, `fatalities`, `notes`,
    /// `source`; `sub_event_type` and the other columns pass through.
    Acled,
}

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Acled => "acled",
        }
    }

    /// The preset's columns: role and header.
    pub fn mapping(self) -> &'static [(Role, &'static str)] {
        match self {
            Preset::Acled => &[
                (Role::Id, "event_id_cnty"),
                (Role::Date, "event_date"),
                (Role::Kind, "event_type"),
                (Role::Actor, "actor1"),
                (Role::Place, "location"),
                (Role::Lat, "latitude"),
                (Role::Lon, "longitude"),
                (Role::Casualties, "fatalities"),
                (Role::Description, "notes"),
                (Role::Source, "source"),
            ],
        }
    }

    /// The diplomap kind of a value of the preset's kind column; `None` for a value that has no
    /// diplomap layer (such rows are counted and skipped, with a warning).
    pub fn kind(self, value: &str) -> Option<&'static str> {
        match self {
            // Political violence is drawn as strikes; demonstrations and strategic developments
            // (ACLED's other event types) are not events of any diplomap layer.
            Preset::Acled => match value.trim() {
                "Battles" | "Explosions/Remote violence" | "Violence against civilians" => {
                    Some("strike")
                }
                _ => None,
            },
        }
    }
}

/// How a table's columns are read: a preset, then explicit `role=header` mappings over it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ColumnSpec {
    pub preset: Option<Preset>,
    pub mapped: Vec<(Role, String)>,
}

/// The roles, for messages.
pub fn role_list() -> String {
    Role::ALL
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl ColumnSpec {
    /// Parse `--columns` items: `acled`, or `ROLE=HEADER`.
    pub fn parse(items: &[String]) -> Result<ColumnSpec, String> {
        let mut spec = ColumnSpec::default();
        for item in items {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            match item.split_once('=') {
                None if item == "acled" => spec.preset = Some(Preset::Acled),
                None => {
                    return Err(format!(
                        "--columns: '{item}' is neither a preset nor ROLE=HEADER; hint: the preset is acled, such as --columns acled, or map a column, such as --columns date=event_date"
                    ))
                }
                Some((role, header)) => {
                    let Some(r) = Role::parse(role.trim()) else {
                        return Err(format!(
                            "--columns: unknown role '{}' in '{item}'; hint: roles are {}",
                            role.trim(),
                            role_list()
                        ));
                    };
                    if header.trim().is_empty() {
                        return Err(format!(
                            "--columns: '{item}' names no column; hint: ROLE=HEADER, such as date=event_date"
                        ));
                    }
                    spec.mapped.retain(|(m, _)| *m != r);
                    spec.mapped.push((r, header.trim().to_string()));
                }
            }
        }
        Ok(spec)
    }
}

/// A header that cannot be read as an event table: the problem and the column it is about
/// (0-based; 0 also for a problem of the whole header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    pub field: usize,
    pub message: String,
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where each role is in one table, and the columns that pass through as properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Column index of each role, by `Role as usize`.
    pub roles: [Option<usize>; 25],
    /// Pass-through columns: index and property name, in header order.
    pub extra: Vec<(usize, String)>,
    pub preset: Option<Preset>,
}

/// The header's names for a hint: at most 20, each cut to 40 characters, so that an error
/// never echoes more of a file than a header's worth.
fn listing(header: &[&str]) -> String {
    let mut names: Vec<String> = header
        .iter()
        .take(20)
        .map(|h| {
            let h = h.trim();
            match h.char_indices().nth(40) {
                Some((cut, _)) => format!("{}…", &h[..cut]),
                None => h.to_string(),
            }
        })
        .collect();
    if header.len() > 20 {
        names.push(format!("and {} more", header.len() - 20));
    }
    names.join(", ")
}

impl Layout {
    pub fn get(&self, role: Role) -> Option<usize> {
        self.roles[role as usize]
    }

    /// Match a header against a spec. Errors name the problem and list the header.
    pub fn new(header: &[&str], spec: &ColumnSpec) -> Result<Layout, HeaderError> {
        let mut at = 0;
        Self::match_header(header, spec, &mut at)
            .map_err(|message| HeaderError { field: at, message })
    }

    /// [`Layout::new`]; `at` is left on the column a problem is about (0 for the whole header).
    fn match_header(header: &[&str], spec: &ColumnSpec, at: &mut usize) -> Result<Layout, String> {
        if header.len() < 2 {
            // Not a table (a text, a password file…): nothing of it is echoed.
            return Err("the first line has a single column (no comma, semicolon or tab), so this is not an event table; hint: a table starts with a header row such as kind,place,date".to_string());
        }
        let listing = || listing(header);
        let find = |name: &str| header.iter().position(|h| h.trim() == name);
        let find_ci = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let mut roles = [None; 25];
        let mut explicit: Vec<(Role, &str)> = Vec::new();
        if let Some(p) = spec.preset {
            explicit.extend(p.mapping().iter().map(|(r, h)| (*r, *h)));
        }
        for (r, h) in &spec.mapped {
            explicit.retain(|(m, _)| m != r);
            explicit.push((*r, h.as_str()));
        }
        for (role, name) in &explicit {
            match find(name).or_else(|| find_ci(name)) {
                Some(i) => roles[*role as usize] = Some(i),
                None => {
                    return Err(format!(
                        "no column '{name}' (for {role}); hint: the header has: {}",
                        listing()
                    ))
                }
            }
        }
        for role in Role::ALL {
            if roles[role as usize].is_some() || explicit.iter().any(|(r, _)| *r == role) {
                continue;
            }
            let taken = |i: usize| roles.contains(&Some(i));
            let found = std::iter::once(role.as_str())
                .chain(role.aliases().iter().copied())
                .find_map(|n| find_ci(n).filter(|i| !taken(*i)));
            roles[role as usize] = found;
        }
        let has = |r: Role| roles[r as usize].is_some();
        if !has(Role::Kind) {
            return Err(format!(
                "no 'kind' column; hint: add one (meeting, strike, summit or corridor on each row), or map one with --columns kind=HEADER; the header has: {}",
                listing()
            ));
        }
        if has(Role::Lon) != has(Role::Lat) {
            let (have, missing) = if has(Role::Lon) {
                ("lon", "lat")
            } else {
                ("lat", "lon")
            };
            return Err(format!(
                "a '{have}' column but no '{missing}' column; hint: give both, or map one with --columns {missing}=HEADER"
            ));
        }
        if !has(Role::Place) && !has(Role::Lon) && !has(Role::From) {
            return Err(format!(
                "no 'place' column and no 'lon'/'lat' columns; hint: name each event's place, or give its coordinates; the header has: {}",
                listing()
            ));
        }
        let mut extra: Vec<(usize, String)> = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if roles.contains(&Some(i)) {
                continue;
            }
            *at = i;
            let name = h.trim();
            if name.is_empty() {
                return Err(format!(
                    "column {} has no name in the header; hint: name every column",
                    i + 1
                ));
            }
            let problem = crate::scenario::property_name_problem(name).or_else(|| {
                Role::parse(name).map(|_| format!("would overwrite diplomap's own '{name}'"))
            });
            let name = match (problem, spec.preset) {
                (None, _) => name.to_string(),
                (Some(_), Some(p)) => format!("{}_{name}", p.as_str()),
                (Some(problem), None) => {
                    return Err(format!(
                        "column '{name}' {problem} property; hint: rename the column, or map it with --columns ROLE={name}"
                    ))
                }
            };
            if let Some((_, other)) = extra.iter().find(|(_, n)| n.eq_ignore_ascii_case(&name)) {
                return Err(if *other == name {
                    format!(
                        "column '{name}' appears twice in the header; hint: name every column once"
                    )
                } else {
                    format!("columns '{other}' and '{name}' differ only in case, which GeoPackage and QGIS do not tell apart; hint: rename one")
                });
            }
            extra.push((i, name));
        }
        *at = 0;
        Ok(Layout {
            roles,
            extra,
            preset: spec.preset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acled_preset_maps_an_export_as_it_comes() {
        let header = [
            "event_id_cnty",
            "event_date",
            "event_type",
            "sub_event_type",
            "actor1",
            "country",
            "location",
            "latitude",
            "longitude",
            "source",
            "notes",
            "fatalities",
            "tags",
        ];
        let spec = ColumnSpec::parse(&["acled".into()]).unwrap();
        let layout = Layout::new(&header, &spec).unwrap();
        assert_eq!(layout.get(Role::Lat), Some(7));
        assert_eq!(layout.get(Role::Kind), Some(2));
        // ACLED's `tags` are `;`-separated like diplomap's own, so they fill the tags.
        assert_eq!(layout.get(Role::Tags), Some(12));
        assert_eq!(
            layout.extra,
            vec![
                (3, "sub_event_type".to_string()),
                (5, "acled_country".to_string())
            ]
        );
    }

    #[test]
    fn aliases_and_mappings() {
        let spec = ColumnSpec::parse(&["date=when".into()]).unwrap();
        let layout =
            Layout::new(&["Kind", "Longitude", "Latitude", "when", "note"], &spec).unwrap();
        assert_eq!(layout.get(Role::Lon), Some(1));
        assert_eq!(layout.get(Role::Date), Some(3));
        assert_eq!(layout.extra, vec![(4, "note".to_string())]);
        assert_eq!(
            ColumnSpec::parse(&["dat=when".into()]).unwrap_err(),
            format!(
                "--columns: unknown role 'dat' in 'dat=when'; hint: roles are {}",
                role_list()
            )
        );
        assert_eq!(
            Layout::new(&["kind", "place", "stroke"], &ColumnSpec::default())
                .unwrap_err()
                .message,
            "column 'stroke' would overwrite diplomap's own 'stroke' property; hint: rename the column, or map it with --columns ROLE=stroke"
        );
    }
}
