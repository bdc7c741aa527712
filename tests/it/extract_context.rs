//! How `diplomap extract --json` reads a name in its story, through the real binary: each
//! mention's reading and the `reason` it gives (prominence, qualifier, cue, list, repeated,
//! country, state, nearby), and the words that are never places (dates, contractions, streets,
//! institutions, translated names).

use super::extract_cli::extract_json;

/// `text -> name (country) reason` for each mention of an article.
fn readings(text: &str) -> Vec<String> {
    let v = extract_json(text);
    v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} -> {} ({}) {}",
                m["text"].as_str().unwrap(),
                m["name"].as_str().unwrap(),
                m["country"].as_str().unwrap_or("-"),
                m["reason"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_story_settles_a_homonym_and_says_why() {
    // Alone, the most prominent bearer.
    assert_eq!(
        readings("Flights to Edmonton resumed."),
        ["Edmonton -> Edmonton (CA) prominence"]
    );
    // Beside the London districts around it: the district, in the story's country and near
    // its places.
    assert_eq!(
        readings("Police in Enfield and Tottenham said the fire in Edmonton was out."),
        [
            "Enfield -> Enfield Town (GB) nearby",
            "Tottenham -> Tottenham (GB) prominence",
            "Edmonton -> Edmonton (GB) country",
        ]
    );
    // A dateline qualifies its town, and the town then draws the story's other mentions.
    assert_eq!(
        readings("LONDON, Ky. (WKYT) — London police arrested two men in Laurel County."),
        [
            "LONDON -> London (US) qualifier",
            "Ky -> Kentucky (US) qualifier",
            "London -> London (US) nearby",
            "Laurel County -> Laurel County (US) only",
        ]
    );
    // A state qualified by its country is the state, and a state among states stays one,
    // not a town bearing its name.
    assert_eq!(
        readings("Cases rose in California, United States, and in Texas, Oklahoma and Missouri."),
        [
            "California -> California (US) qualifier",
            "United States -> United States (US) qualifier",
            "Texas -> Texas (US) prominence",
            "Oklahoma -> Oklahoma (US) prominence",
            "Missouri -> Missouri (US) prominence",
        ]
    );
}

#[test]
fn qualifiers_cues_and_lists_settle_a_name_for_the_whole_story() {
    // The qualifier is read as the state that holds the town, not the city a name alone is.
    assert_eq!(
        readings("A girl from Buffalo, New York, died."),
        [
            "Buffalo -> Buffalo (US) qualifier",
            "New York -> New York (US) qualifier",
        ]
    );
    // A city that holds the qualified place stays the city.
    assert_eq!(
        readings("Students in Queens, New York fell ill."),
        [
            "Queens -> Queens (US) qualifier",
            "New York -> New York City (US) prominence",
        ]
    );
    // A list is not a qualifier, and its names are of one kind.
    assert_eq!(
        readings("Officials are investigating cases in Washington, Pennsylvania and California."),
        [
            "Washington -> Washington (US) list",
            "Pennsylvania -> Pennsylvania (US) only",
            "California -> California (US) prominence",
        ]
    );
    assert_eq!(
        readings("Cases were found in Colorado, Georgia, Illinois and Missouri."),
        [
            "Colorado -> Colorado (US) prominence",
            "Georgia -> Georgia (US) country",
            "Illinois -> Illinois (US) prominence",
            "Missouri -> Missouri (US) prominence",
        ]
    );
    // A country by its own name is not a town because a name follows its comma.
    assert_eq!(
        readings("He reported on dealings in Russia, U.S. officials said."),
        [
            "Russia -> Russia (RU) prominence",
            "U.S. -> United States (US) prominence",
        ]
    );
    // Words around a name say its kind; a name settled once keeps its reading.
    assert_eq!(
        readings(
            "New York Governor Andrew Cuomo declared an emergency. A cow from a Washington \
             state farm tested positive. Deaths in New York rose."
        ),
        [
            "New York -> New York (US) cue",
            "Washington -> Washington (US) cue",
            "New York -> New York (US) repeated",
        ]
    );
    assert_eq!(
        readings("Shelling hit Idlib province. In the Hunan city of Yueyang, dams overflowed."),
        [
            "Idlib -> Idlib (SY) cue",
            "Hunan -> Hunan (CN) prominence",
            "Yueyang -> Yueyang (CN) prominence",
        ]
    );
}

#[test]
fn pronouns_articles_and_institutions_are_not_places() {
    assert_eq!(
        readings(
            "\"My son is ill,\" she said. I read it in The Guardian, a paper sold at the \
             University of Manitoba in Winnipeg and across the US."
        ),
        // The province the university is named after is still a place mention.
        [
            "Manitoba -> Manitoba (CA) only",
            "Winnipeg -> Winnipeg (CA) only",
            "US -> United States (US) only",
        ]
    );
}

#[test]
fn governments_incorporations_and_the_places_a_state_holds_make_it_the_state() {
    // A government, a ministry or a minister belongs to the state, not its chief town.
    assert_eq!(
        readings(
            "Mayors will appeal to the Quebec government. Quebec Health Minister Gaetan \
             Barrette was not satisfied."
        ),
        ["Quebec -> Québec (CA) cue", "Quebec -> Québec (CA) cue"]
    );
    // A company is incorporated in a state.
    assert_eq!(
        readings("LE Central, a Delaware limited liability company, bought the property."),
        ["Delaware -> Delaware (US) cue"]
    );
    // The story's places lie across the province, away from its capital.
    assert_eq!(
        readings("Right turns on red are banned in Montreal. Elsewhere in Quebec they are legal."),
        [
            "Montreal -> Montréal (CA) prominence",
            "Quebec -> Québec (CA) state",
        ]
    );
    // Beside the capital's own suburb, the name stays the city.
    assert_eq!(
        readings("A ferry links Lévis with Quebec every hour."),
        [
            "Lévis -> Lévis (CA) prominence",
            "Quebec -> Québec (CA) prominence",
        ]
    );
}

#[test]
fn dates_contractions_streets_saints_and_translated_names_are_not_places() {
    assert_eq!(
        readings(
            "On Nov. 3 and Dec 12 I'd seen it, and I've said so at Christmas. He was taken \
             to St. Michael's Hospital, off Raynham Avenue, then spoke at the White House."
        ),
        Vec::<String>::new()
    );
    // A state named in full by common words is the state; a sea's coast "of" its country is
    // the coast.
    assert_eq!(
        readings("She flew from a New Jersey airport to the Gold Coast of Australia."),
        [
            "New Jersey -> New Jersey (US) prominence",
            "Gold Coast -> Gold Coast (AU) prominence",
            "Australia -> Australia (AU) prominence",
        ]
    );
}

#[test]
fn datelines_counties_and_institutions_read_as_a_local_paper_writes_them() {
    // A small town opening the story in capitals is its dateline; "CO." is a county.
    assert_eq!(
        readings("TORRINGTON — Mayor Ryan Bingham will hold a press conference."),
        ["TORRINGTON -> Torrington (US) prominence"]
    );
    assert_eq!(
        readings("PLYMOUTH CO. - A suspect in a farm auction theft was arrested."),
        ["PLYMOUTH -> Plymouth County (US) prominence"]
    );
    // "X Center for …" is the institution; the state it is named after is still a place.
    assert_eq!(
        readings("He directs the University of Michigan Center for Computer Security."),
        ["Michigan -> Michigan (US) only"]
    );
    // A preposition before a longer name governs that name, not a small town inside it; a
    // county named in full is the county.
    assert_eq!(
        readings(
            "Pupils pitched their dishes at Millfield Theatre. Both were lodged in the Laurel \
             County Detention Center."
        ),
        ["Laurel County -> Laurel County (US) only"]
    );
}

#[test]
fn airports_are_places_of_their_own() {
    assert_eq!(
        readings(
            "Flights were cancelled at Toronto's Pearson International Airport, and BA crews \
             based at Heathrow said they would strike."
        ),
        [
            "Toronto -> Toronto (CA) prominence",
            "Pearson International Airport -> Toronto Pearson International Airport (CA) only",
            "Heathrow -> London Heathrow Airport (GB) prominence",
        ]
    );
}

#[test]
fn a_given_name_before_a_surname_is_a_person_and_stays_one() {
    // "Georgia" and "Burton" are places; here they are a skater and her coach.
    assert_eq!(
        readings(
            "Nine-year-old Georgia Stevens skates in Edmonton. Georgia began at four, and \
             coach Nick Burton says Burton saw it at once. To Georgia's credit, she trains \
             hard."
        ),
        ["Edmonton -> Edmonton (CA) prominence"]
    );
    // A preposition of place makes the name the place again, and so do the story's places
    // in its country.
    assert_eq!(
        readings(
            "Georgia Stevens flew to Tbilisi. In Georgia she trained. Israel Katz spoke in \
             Jerusalem: Israel will respond."
        ),
        [
            "Tbilisi -> Tbilisi (GE) prominence",
            "Georgia -> Georgia (GE) prominence",
            "Jerusalem -> Jerusalem (IL) prominence",
            "Israel -> Israel (IL) only",
        ]
    );
}
