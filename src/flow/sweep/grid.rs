//! The grid of a sweep: every combination of the varies' values.

use super::Vary;

/// The grid: every combination of the varies' values, the first vary slowest.
///
/// # Returns
/// For each point, the index of its value in each vary.
pub fn grid(varies: &[Vary]) -> Vec<Vec<usize>> {
    let mut points = vec![vec![]];
    for v in varies {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..v.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::sweep::parse_vary;

    #[test]
    fn the_grid_runs_the_first_vary_slowest() {
        let a = parse_vary("a=1,2").unwrap();
        let b = parse_vary("b=1,2,3").unwrap();
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![0, 0]);
        assert_eq!(g[1], vec![0, 1]);
        assert_eq!(g[3], vec![1, 0]);
    }
}
