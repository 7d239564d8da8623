//! `cargo xtask fuzz [-- --cases N]`: the page's URL handling under hostile input
//! (tests/fuzz: the query parser, the form, its validation, the round trip), a million
//! cases by default, natively. Prints how many cases ran, how long they took, and failures.

use crate::process::root;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What `cargo xtask fuzz` runs in all, shared by the properties.
pub const CASES: u64 = 1_000_000;

/// `N cases, K failures` from one property's line, `fuzz: <name>: N cases, K failures, S s`.
fn parse_line(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("fuzz: ")?;
    let (_, figures) = rest.split_once(": ")?;
    let mut parts = figures.split(", ");
    let cases = parts.next()?.strip_suffix(" cases")?.parse().ok()?;
    let failures = parts.next()?.strip_suffix(" failures")?.parse().ok()?;
    Some((cases, failures))
}

fn cases_from(args: &[String]) -> Result<u64, String> {
    match args {
        [] => Ok(CASES),
        [flag, n] if flag == "--cases" => n
            .parse()
            .map_err(|_| format!("--cases must be a whole number of cases, not {n:?}")),
        _ => Err("usage: cargo xtask fuzz [-- --cases N]".into()),
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let args = args.strip_prefix(&["--".to_string()]).unwrap_or(args);
    let cases = cases_from(args)?;
    let test = ["test", "--package", "offload", "--test", "fuzz"];
    // Built first, so that the time printed is the fuzzing's, not the compiler's.
    crate::process::cmd("cargo", &[&test[..], &["--no-run"]].concat(), &root())?;
    let started = Instant::now();
    let mut child = Command::new("cargo")
        .args(test)
        .args(["--", "--nocapture"])
        .env("OFFLOAD_FUZZ_CASES", cases.to_string())
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let (mut ran, mut failures) = (0, 0);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some((n, k)) = parse_line(&line) {
                ran += n;
                failures += k;
            }
        }
    }
    let status = child.wait().map_err(|e| format!("cargo test: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    println!("xtask fuzz: {ran} cases ran in {seconds:.1} s, {failures} failures");
    if !status.success() || failures > 0 {
        return Err(format!("{failures} properties failed ({status})"));
    }
    if ran < cases {
        return Err(format!("only {ran} of {cases} cases ran"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_propertys_line() {
        let line = "fuzz: hostile-query: 250000 cases, 0 failures, 41.20 s";
        assert_eq!(parse_line(line), Some((250_000, 0)));
        assert_eq!(
            parse_line("fuzz: x: 12 cases, 1 failures, 0.01 s"),
            Some((12, 1))
        );
        assert_eq!(parse_line("test fuzz ... ok"), None);
    }

    #[test]
    fn cases_come_from_the_flag() {
        assert_eq!(cases_from(&[]), Ok(CASES));
        let flag = ["--cases".to_string(), "500".to_string()];
        assert_eq!(cases_from(&flag), Ok(500));
        assert!(cases_from(&["--cases".into(), "many".into()]).is_err());
    }
}
