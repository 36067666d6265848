//! Shards of a sweep's grid, for job arrays: point `k` (0-based, grid order)
//! belongs to shard `k mod N + 1` of `N`, round robin, so neighbouring points
//! (of similar difficulty) spread over the shards.

/// Which part of the grid this run solves: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {s}: expected I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (i, n) = (
            i.trim().parse::<usize>().map_err(|_| bad())?,
            n.trim().parse::<usize>().map_err(|_| bad())?,
        );
        if i == 0 || n == 0 || i > n {
            return Err(bad());
        }
        Ok(Shard { index: i, count: n })
    }

    /// The shard from a job array's environment: Slurm
    /// (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`)
    /// or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` of `CAPPLAN_SHARDS`).
    ///
    /// # Returns
    /// The shard and the variables it came from, or `None` outside a job array.
    pub fn from_env(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<(Shard, String)>, String> {
        let num = |k: &str| -> Result<Option<usize>, String> {
            match get(k) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<usize>()
                    .map(Some)
                    .map_err(|_| format!("{k}={v} is not a whole number")),
            }
        };
        if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let count = num("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?
                + 1;
            if count == 0 || index > count {
                return Err(format!("SLURM_ARRAY_TASK_ID={id} (min {min}) is outside {count} tasks; use a contiguous --array=0-{}", count.max(1) - 1));
            }
            return Ok(Some((Shard { index, count }, "SLURM_ARRAY_TASK_ID".into())));
        }
        if let Some(idx) = num("JOB_COMPLETION_INDEX")? {
            let count = num("CAPPLAN_SHARDS")?.ok_or("JOB_COMPLETION_INDEX is set: set CAPPLAN_SHARDS to the Job's `completions` too (or pass --shard I/N)")?;
            if idx >= count {
                return Err(format!(
                    "JOB_COMPLETION_INDEX={idx} is not below CAPPLAN_SHARDS={count}"
                ));
            }
            return Ok(Some((
                Shard {
                    index: idx + 1,
                    count,
                },
                "JOB_COMPLETION_INDEX".into(),
            )));
        }
        Ok(None)
    }

    /// Whether grid point `k` (0-based) is this shard's.
    pub fn has(&self, k: usize) -> bool {
        k % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_grid() {
        let shards: Vec<Shard> = (1..=3)
            .map(|i| Shard::parse(&format!("{i}/3")).unwrap())
            .collect();
        for k in 0..20 {
            assert_eq!(shards.iter().filter(|s| s.has(k)).count(), 1);
        }
        assert!(Shard::parse("0/3").is_err());
        assert!(Shard::parse("4/3").is_err());
    }

    #[test]
    fn job_array_environments_give_the_shard() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_string())
        };
        let s = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 3, count: 4 });
        let s = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 4, count: 4 });
        let s = Shard::from_env(env(&[
            ("JOB_COMPLETION_INDEX", "0"),
            ("CAPPLAN_SHARDS", "5"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 1, count: 5 });
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "0")])).is_err());
        assert_eq!(Shard::from_env(env(&[])).unwrap(), None);
    }
}
