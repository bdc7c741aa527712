//! Property tests: whatever a user or a file throws at the resolver and the gazetteer reader, the
//! answer is a result or a typed error — never a panic.

use diplomap::gazetteer::store::{write_store, Store};
use diplomap::gazetteer::{Gazetteer, Resolver};
use proptest::prelude::*;

fn embedded() -> &'static Gazetteer {
    static GAZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn resolving_any_text_never_panics(query in "\\PC{0,40}") {
        let resolver = Resolver::new(embedded());
        let _ = resolver.resolve(&query);
    }

    #[test]
    fn resolving_qualified_and_geo_forms_never_panics(
        head in "[A-Za-zÀ-ÿ .'-]{0,12}",
        tail in "[A-Za-z0-9 ,.:;=-]{0,16}",
        geo in "geo:[-0-9.,;a-z=]{0,20}",
    ) {
        let resolver = Resolver::new(embedded());
        let _ = resolver.resolve(&format!("{head},{tail}"));
        let _ = resolver.resolve(&geo);
    }

    #[test]
    fn reading_damaged_gazetteer_bytes_never_panics(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = sample_store();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        // Re-seal the checksum half the time, so damage also reaches the structural checks.
        if flips_reseal(&bytes) && bytes.len() > 104 {
            let crc = crc32fast::hash(&bytes[104..]);
            bytes[16..20].copy_from_slice(&crc.to_le_bytes());
        }
        if let Ok(store) = Store::from_bytes(bytes) {
            // A file that passes the checks must still answer without panicking.
            for i in 0..store.len() as u32 + 2 {
                let _ = store.place(i);
            }
            let _ = store.postings("moscow");
        }
    }
}

fn flips_reseal(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |a, b| a ^ b) % 2 == 0
}

fn sample_store() -> Vec<u8> {
    use diplomap::gazetteer::model::{NameKind, PlaceInput, PlaceKind};
    let places = vec![PlaceInput {
        name: "Moscow".into(),
        lon: 37.6156,
        lat: 55.7522,
        population: 10_381_222,
        country: diplomap::gazetteer::CountryCode::new("RU"),
        admin1: None,
        source_id: 524901,
        kind: PlaceKind::City,
        feature: 7,
        population_estimated: false,
        members: Vec::new(),
        outline: None,
        names: vec![
            ("Moscow".into(), NameKind::Primary),
            ("Москва".into(), NameKind::Alternate),
        ],
    }];
    write_store(&places, "{}").unwrap()
}
