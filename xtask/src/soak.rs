//! `cargo xtask soak`: 300 runs in one page (tests/e2e/soak.mjs), checking that memory,
//! workers and the DOM stay flat and no run sticks; a table, and target/soak/soak.json.
//! Here: its flags; the flow (build, then node) is `run::soak`.

/// `soak [-- --rounds N]`: N full rounds of 31 runs (default 10: 310 runs).
pub fn soak_env(args: &[String]) -> Result<Vec<(&'static str, String)>, String> {
    const USAGE: &str =
        "usage: cargo xtask soak [-- --rounds N] (2 to 100 rounds of 31 runs; default 10)";
    match args.iter().filter(|a| *a != "--").collect::<Vec<_>>()[..] {
        [] => Ok(Vec::new()),
        [flag, rounds] if flag == "--rounds" => match rounds.parse::<u32>() {
            Ok(n) if (2..=100).contains(&n) => Ok(vec![("OFFLOAD_SOAK_ROUNDS", n.to_string())]),
            _ => Err(format!(
                "--rounds must be a whole number from 2 to 100, not {rounds}; {USAGE}"
            )),
        },
        _ => Err(USAGE.into()),
    }
}

pub fn soak(args: &[String]) -> Result<(), String> {
    crate::run::soak(&soak_env(args)?)
}

#[cfg(test)]
mod tests {
    use super::soak_env;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rounds_become_the_scripts_environment_within_range() {
        assert_eq!(soak_env(&[]).unwrap(), []);
        assert_eq!(
            soak_env(&args(&["--", "--rounds", "3"])).unwrap(),
            [("OFFLOAD_SOAK_ROUNDS", "3".to_string())]
        );
        for bad in ["1", "101", "ten"] {
            assert!(
                soak_env(&args(&["--rounds", bad]))
                    .unwrap_err()
                    .contains("2 to 100")
            );
        }
        assert!(
            soak_env(&args(&["--round", "3"]))
                .unwrap_err()
                .starts_with("usage")
        );
    }
}
