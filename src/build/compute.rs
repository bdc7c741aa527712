//! The layers of a map's scenarios, computed before anything is written. Sea corridors are
//! routed on a second thread (loading the sea network only when some corridor goes by sea)
//! while the other layers are computed on this one; the output does not depend on which
//! finishes first.

use crate::layers::{self, Inputs, Layer, LayerName};
use crate::scenario::resolve::Places;
use crate::scenario::{Diagnostics, Scenario};
use crate::shapes::CountryShapes;

/// Every layer of the scenarios, in [`LayerName::ALL`] order.
pub fn scenario_layers(
    scenarios: &[Scenario],
    places: &Places,
    shapes: &CountryShapes<'_>,
) -> anyhow::Result<Vec<Layer>> {
    let needs_router = layers::needs_router(scenarios);
    let (corridors, others) = std::thread::scope(|scope| {
        let routed = scope.spawn(|| -> anyhow::Result<_> {
            let router = if needs_router {
                Some(crate::routing::embedded()?)
            } else {
                None
            };
            let inputs = Inputs {
                scenarios,
                places,
                shapes,
                router: router.as_ref(),
            };
            Ok(compute(&[LayerName::Corridors], &inputs))
        });
        let inputs = Inputs {
            scenarios,
            places,
            shapes,
            router: None,
        };
        let others = compute(
            &[
                LayerName::Areas,
                LayerName::Countries,
                LayerName::Travel,
                LayerName::Summits,
                LayerName::Meetings,
                LayerName::Strikes,
            ],
            &inputs,
        );
        let corridors = routed.join().unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "internal error: the routing thread panicked"
            ))
        });
        (corridors, others)
    });
    let (mut computed, mut errors) = others;
    let (routed, routing_errors) = corridors?;
    computed.extend(routed);
    errors.0.extend(routing_errors.0);
    errors.into_result()?;
    computed.sort_by_key(|layer| layer.name.index());
    Ok(computed)
}

/// Compute some layers, with the problems found.
fn compute(names: &[LayerName], inputs: &Inputs<'_>) -> (Vec<Layer>, Diagnostics) {
    let mut errors = Diagnostics::default();
    let out = names
        .iter()
        .map(|&name| layers::build_layer(name, inputs, &mut errors))
        .collect();
    (out, errors)
}
