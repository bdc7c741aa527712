//! Writing the sea network file ([`crate::routing::network`]): the network sampled from the
//! land ([`super::sample`]) is contracted into a hierarchy ([`super::contract`]), its nodes
//! renumbered by rank and indexed by 1° cell, and every edge stored once at its lower-ranked end.

use super::contract::{contract, Arc, ChEdge, ChEdgeKind};
use crate::geodesy::LonLat;
use crate::routing::network::{cell_of, CELLS, EDGE, HEADER, MAGIC, SET, SHORTCUT, VERSION};
use crate::routing::passages::PassageSet;

/// Contract the network of `nodes` and undirected `arcs` and encode it as a network file, nodes
/// renumbered by cell (the arcs' node ids are indexes into `nodes`).
pub fn encode(nodes: &[LonLat], arcs: &[Arc]) -> Vec<u8> {
    let n = nodes.len();
    assert!(n < SHORTCUT as usize, "node ids fit in 31 bits");
    let hierarchy = contract(n, arcs);
    // Renumber by rank, highest first: the nodes every query climbs to sit together.
    let id: Vec<u32> = hierarchy
        .rank
        .iter()
        .map(|&r| (n - 1 - r as usize) as u32)
        .collect();
    let mut position = vec![LonLat::new(0.0, 0.0); n];
    for (old, &new) in id.iter().enumerate() {
        position[new as usize] = nodes[old];
    }
    // Each edge at its lower-ranked end (the larger id), leading up to the other.
    let ends = |e: &ChEdge| {
        let (a, b) = (id[e.a as usize], id[e.b as usize]);
        (a.max(b), a.min(b))
    };
    let mut edge_order: Vec<usize> = (0..hierarchy.edges.len()).collect();
    edge_order.sort_by_key(|&e| (ends(&hierarchy.edges[e]).0, e));
    // A shortcut records the node it bypasses: where its halves are stored.
    let via = |e: &ChEdge| match e.via {
        ChEdgeKind::Original(p) => u32::from(p),
        ChEdgeKind::Shortcut(x, _) => SHORTCUT | ends(&hierarchy.edges[x as usize]).0,
    };
    // The distinct passage sets, the empty one first, each edge storing its set's index.
    let mut sets: Vec<PassageSet> = vec![0];
    let mut set_index = std::collections::HashMap::from([(0, 0u16)]);
    for edge in &hierarchy.edges {
        set_index.entry(edge.mask).or_insert_with(|| {
            sets.push(edge.mask);
            u16::try_from(sets.len() - 1).expect("at most 65,536 distinct passage sets")
        });
    }
    let mut by_cell: Vec<u32> = (0..n as u32).collect();
    by_cell.sort_by_key(|&i| (cell_of(position[i as usize]), i));

    let mut out = Vec::with_capacity(
        HEADER + n * 16 + (CELLS + 2) * 4 + edge_order.len() * EDGE + sets.len() * SET + 4,
    );
    out.extend_from_slice(MAGIC);
    for v in [
        VERSION,
        n as u32,
        edge_order.len() as u32,
        sets.len() as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for p in &position {
        out.extend_from_slice(&((p.lon * 1e6).round() as i32).to_le_bytes());
        out.extend_from_slice(&((p.lat * 1e6).round() as i32).to_le_bytes());
    }
    let mut start = 0usize;
    for c in 0..=CELLS {
        while start < n && cell_of(position[by_cell[start] as usize]) < c {
            start += 1;
        }
        out.extend_from_slice(&(start as u32).to_le_bytes());
    }
    for i in &by_cell {
        out.extend_from_slice(&i.to_le_bytes());
    }
    let mut at = 0usize;
    for i in 0..=n {
        while at < edge_order.len() && (ends(&hierarchy.edges[edge_order[at]]).0 as usize) < i {
            at += 1;
        }
        out.extend_from_slice(&(at as u32).to_le_bytes());
    }
    for &e in &edge_order {
        let edge = &hierarchy.edges[e];
        for v in [ends(edge).1, edge.km.to_bits(), via(edge)] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&set_index[&edge.mask].to_le_bytes());
    }
    for set in &sets {
        out.extend_from_slice(&set.to_le_bytes());
    }
    crate::binfile::seal(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::network::{Edge, EdgeKind, Network};

    #[test]
    fn round_trip_by_cell_with_shortcuts() {
        // A path of four nodes west to east, the middle ones listed first so that they are
        // contracted first (ties go to the lower id), which takes a shortcut.
        let nodes = [
            LonLat::new(1.5, 0.5),
            LonLat::new(2.5, 0.5),
            LonLat::new(0.5, 0.5),
            LonLat::new(3.5, 0.5),
        ];
        let arc = |a, b, passage| Arc {
            a,
            b,
            km: 111.0,
            // A high bit, past what a u64 holds, to show the sets keep their width.
            mask: if passage == 0 { 0 } else { 1 << 100 },
            passage,
        };
        let bytes = encode(&nodes, &[arc(2, 0, 0), arc(0, 1, 21), arc(1, 3, 0)]);
        let net = Network::open(&bytes).unwrap();
        assert_eq!(net.node_count(), 4);
        // One node per cell, each where it was.
        let mut lons: Vec<f64> = (0..4).map(|i| net.node(i).lon).collect();
        lons.sort_by(f64::total_cmp);
        assert_eq!(lons, [0.5, 1.5, 2.5, 3.5]);
        for i in 0..4 {
            let cell: Vec<usize> = net.cell_nodes(cell_of(net.node(i))).collect();
            assert_eq!(cell, [i]);
        }
        let edges: Vec<Edge> = (0..net.edge_count()).map(|e| net.edge(e)).collect();
        assert!(edges
            .iter()
            .any(|e| matches!(e.via, EdgeKind::Original(21))));
        let shortcut = edges
            .iter()
            .find(|e| matches!(e.via, EdgeKind::Shortcut(..)))
            .expect("a shortcut");
        // A shortcut is as long as its halves, and passes what they pass.
        let EdgeKind::Shortcut(middle) = shortcut.via else {
            unreachable!()
        };
        let from = (0..4u32)
            .find(|&i| net.up(i as usize).any(|e| net.edge(e) == *shortcut))
            .unwrap();
        let (x, y) = net.halves(middle, from, shortcut).expect("halves");
        assert_eq!((x.target, y.target), (from, shortcut.target));
        assert_eq!((shortcut.km, shortcut.mask), (x.km + y.km, x.mask | y.mask));
        let mut bad = bytes.clone();
        bad[HEADER] ^= 1;
        assert!(Network::open(&bad).is_err());
    }
}
