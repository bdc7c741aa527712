//! diplomap turns diplomatic and military events into map layers. This first stage is the
//! offline gazetteer: a place name in words ("Moscow", "Paris, TX", "geo:50.45,30.52") resolves
//! to a point, a country and a kind, from GeoNames and Natural Earth data compiled into the
//! binary ([`gazetteer`]). The command-line front end lives in [`cli`]; `main` only calls it.

pub mod binfile;
pub mod cli;
pub mod gazetteer;
pub mod geodesy;
pub mod layers;
pub mod output;
pub mod routing;
pub mod scenario;
pub mod shapes;
