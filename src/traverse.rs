//! Breadth-first search over adjacency lists, for the two walks over co-mentions: an export
//! filter's ego graph (every entity within `N` steps of one) and a query's strongest shortest
//! chain between two entities. Both need each node's steps from a start and, for each node, the
//! edges that reach it in the fewest steps, to pick the best of them by their own measure (the
//! strongest tie, the heaviest chain); the walk is written once, here, and the choosing stays
//! with them. It is separate from [`crate::graph`] because it works on any adjacency lists,
//! not only the petgraph graph a build makes: the filter walks a saved `graph.json`, the query
//! a saved index.

/// Adjacency lists: for each node, its neighbours, each with the data of the edge to it (an
/// edge's position, its weight). A node's neighbours are visited in this order.
pub(crate) type Adjacency<T> = [Vec<(usize, T)>];

/// Where a breadth-first search stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Until {
    /// After the nodes this many steps from the start.
    Steps(usize),
    /// After the step that reaches this node, so that every shortest way to it has been seen.
    Reached(usize),
}

/// Each node's steps from `start` (`None` where not reached), by breadth-first search over
/// `adjacency`, layer by layer until `until` or until no node is left.
///
/// `shortest(from, to, data)` is called for every edge `from → to` that reaches `to` in the
/// fewest steps (`to` is one step further from `start` than `from`), once per adjacency entry,
/// layer by layer: when a layer is walked, every shortest way to its nodes has been seen, so a
/// caller may build on what it chose for them. Layers are walked in the order their nodes were
/// reached and each node's neighbours in adjacency order, so the calls come in a fixed order.
///
/// Time `O(V + E)` for `V` nodes and `E` adjacency entries (an undirected edge listed from both
/// ends counts twice), plus the calls; space `O(V)` besides the adjacency.
pub(crate) fn shortest_steps<T>(
    adjacency: &Adjacency<T>,
    start: usize,
    until: Until,
    mut shortest: impl FnMut(usize, usize, &T),
) -> Vec<Option<usize>> {
    let mut steps = vec![None; adjacency.len()];
    steps[start] = Some(0);
    let mut layer = vec![start];
    let mut step = 0;
    while !layer.is_empty() {
        let done = match until {
            Until::Steps(limit) => step >= limit,
            Until::Reached(goal) => steps[goal].is_some(),
        };
        if done {
            break;
        }
        step += 1;
        let mut next = Vec::new();
        for &from in &layer {
            for (to, data) in &adjacency[from] {
                if steps[*to].is_none() {
                    steps[*to] = Some(step);
                    next.push(*to);
                }
                if steps[*to] == Some(step) {
                    shortest(from, *to, data);
                }
            }
        }
        layer = next;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 – 1 – 3 – 4 and 0 – 2 – 3, undirected, each entry carrying its edge's number; 5 alone.
    fn adjacency() -> Vec<Vec<(usize, u32)>> {
        let mut lists = vec![Vec::new(); 6];
        for (number, (a, b)) in [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)]
            .into_iter()
            .enumerate()
        {
            lists[a].push((b, number as u32));
            lists[b].push((a, number as u32));
        }
        lists
    }

    #[test]
    fn steps_stop_at_the_limit_and_leave_the_unreached_out() {
        let adjacency = adjacency();
        let all = shortest_steps(&adjacency, 0, Until::Steps(usize::MAX), |_, _, _| {});
        assert_eq!(all, [Some(0), Some(1), Some(1), Some(2), Some(3), None]);
        let near = shortest_steps(&adjacency, 0, Until::Steps(1), |_, _, _| {});
        assert_eq!(near, [Some(0), Some(1), Some(1), None, None, None]);
        let none = shortest_steps(&adjacency, 0, Until::Steps(0), |_, _, _| {});
        assert_eq!(none, [Some(0), None, None, None, None, None]);
    }

    #[test]
    fn every_shortest_way_is_seen_up_to_the_goal_and_no_further() {
        let adjacency = adjacency();
        let mut seen = Vec::new();
        let steps = shortest_steps(&adjacency, 0, Until::Reached(3), |from, to, &edge| {
            seen.push((from, to, edge))
        });
        assert_eq!(seen, [(0, 1, 0), (0, 2, 1), (1, 3, 2), (2, 3, 3)]);
        assert_eq!(steps[4], None);
        let start = shortest_steps(&adjacency, 5, Until::Reached(5), |_, _, _| unreachable!());
        assert_eq!(start[5], Some(0));
    }
}
