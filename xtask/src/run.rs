//! The build, serve, test and bench flows.

use crate::process::{cmd, cmd_env, root};
use crate::tools::{chromium, path_with_tools};
use std::time::Instant;

/// Trunk with the npm tools on PATH, no update check, and no downloads (`--offline`
/// makes a missing or mismatched tool an immediate, clear error). Its environment is the
/// caller's, not xtask's (`plain_env`): it builds the page with the default toolchain, as
/// a plain `trunk build` does; only its engine hook switches to the pinned nightly.
fn trunk(args: &[&str]) -> Result<(), String> {
    let path = path_with_tools();
    let plain = crate::plain_env::for_trunk();
    let mut env: Vec<(&str, Option<&str>)> = plain
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_deref()))
        .collect();
    env.push(("PATH", Some(path.as_str())));
    env.push(("TRUNK_SKIP_VERSION_CHECK", Some("true")));
    cmd_env("trunk", args, &root(), &env)
}

/// Fetches crates first: `--offline` reaches cargo too.
fn fetch() -> Result<(), String> {
    cmd("cargo", &["fetch"], &root())?;
    cmd("cargo", &["fetch"], &root().join("src/engine"))
}

/// Which site a build writes to dist/.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Site {
    /// What is deployed (`build`, `serve`, `bench`, `soak`, plain trunk): `fault` is unknown.
    Released,
    /// The end-to-end tests' site: Cargo feature `test-hooks` (`fault=` fails a run on
    /// purpose). The same plain build with one feature more: no second build.
    TestHooks,
}

impl Site {
    /// `cargo xtask build [--test-hooks]`.
    pub fn from_args(args: &[String]) -> Result<Site, String> {
        let args = args.strip_prefix(&["--".to_string()]).unwrap_or(args);
        match args {
            [] => Ok(Site::Released),
            [flag] if flag == "--test-hooks" => Ok(Site::TestHooks),
            _ => Err("usage: cargo xtask build [--test-hooks]".into()),
        }
    }
}

pub fn build(site: Site) -> Result<(), String> {
    fetch()?;
    let released = ["build", "--release", "--offline"];
    match site {
        Site::Released => trunk(&released),
        Site::TestHooks => trunk(&[&released[..], &["--features", "test-hooks"]].concat()),
    }
}

pub fn serve(args: &[String]) -> Result<(), String> {
    fetch()?;
    let port = match args {
        [flag, port] if flag == "--port" => port.as_str(),
        [] => "8080",
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    eprintln!("xtask: Offload will be at http://127.0.0.1:{port}/ (cross-origin isolated)");
    trunk(&["serve", "--release", "--offline", "--port", port])
}

/// Runs a node script from tests/e2e against dist/, driving Debian's Chromium, with `more`
/// of the environment set.
fn node_env(args: &[&str], more: &[(&str, Option<&str>)]) -> Result<(), String> {
    let dist = root().join("dist");
    let dist = dist.to_str().ok_or("path is not UTF-8")?;
    let browser = chromium();
    let mut env = vec![("OFFLOAD_DIST", Some(dist)), ("CHROMIUM", Some(&browser))];
    env.extend_from_slice(more);
    cmd_env("node", args, &root().join("tests/e2e"), &env)
}

/// `cargo xtask test` after the installs (which took `install_s` seconds): native tests,
/// the tests' build, then every end-to-end file, each timed; a table of the phases and the
/// files at the end, so a slow one is seen (the suite should stay within about 11 minutes
/// on a 2-core machine from a warm build).
pub fn test(install_s: f64) -> Result<(), String> {
    let mut phases = vec![("installs".to_string(), install_s, true)];
    let started = Instant::now();
    // The jobs' tests compare sequential and parallel forms, so rayon comes along.
    let native = cmd(
        "cargo",
        &["test", "--workspace", "--features", "offload-jobs/parallel"],
        &root(),
    );
    phases.push((
        "native tests".into(),
        seconds_since(started),
        native.is_ok(),
    ));
    native?;
    let started = Instant::now();
    build(Site::TestHooks)?;
    phases.push((
        "build (the tests' site)".into(),
        seconds_since(started),
        true,
    ));
    // One calibration for every file (tests/e2e/calibrate.mjs): how big each job must be
    // to take a given time on this machine now, so the timed tests size their jobs by it.
    let started = Instant::now();
    let calibration = root().join("target/e2e-calibration.json");
    let calibration = calibration.to_str().ok_or("path is not UTF-8")?.to_string();
    let calibration_env = [("OFFLOAD_CALIBRATION", Some(calibration.as_str()))];
    let calibrated = node_env(&["calibrate.mjs"], &calibration_env);
    phases.push((
        "calibration".into(),
        seconds_since(started),
        calibrated.is_ok(),
    ));
    calibrated?;
    // Every *.test.mjs in tests/e2e, one file at a time (they share 2 cores and measure),
    // each its own `node --test`: timed, and a failing file does not hide the next.
    let dir = root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    files.sort();
    let mut e2e = Vec::new();
    let all = Instant::now();
    for file in &files {
        let started = Instant::now();
        // A test that hangs (seen once: the embed test sat 40 minutes with no CPU on a
        // loaded machine, and passed alone) fails after 10 minutes instead of eating CI's 90.
        let ok = node_env(&["--test", "--test-timeout=600000", file], &calibration_env).is_ok();
        e2e.push((file.clone(), seconds_since(started), ok));
    }
    let failed: Vec<String> = e2e
        .iter()
        .filter(|(_, _, ok)| !ok)
        .map(|(file, _, _)| file.clone())
        .collect();
    phases.push((
        "end-to-end files".into(),
        seconds_since(all),
        failed.is_empty(),
    ));
    eprintln!("{}", timing_table("end-to-end file", &mut e2e));
    eprintln!("{}", timing_table("phase", &mut phases));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("end-to-end files failed: {}", failed.join(", ")))
    }
}

fn seconds_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

/// Rows of (name, seconds, passed), slowest first, with their total: a Markdown table.
fn timing_table(what: &str, rows: &mut [(String, f64, bool)]) -> String {
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let mut table = format!("\n| {what} | seconds | |\n| --- | --: | --- |\n");
    for (name, s, ok) in rows.iter() {
        table += &format!(
            "| {name} | {s:.1} | {} |\n",
            if *ok { "ok" } else { "FAILED" }
        );
    }
    table + &format!("| in all | {total:.1} | |")
}

/// `bench [--] [--sections jobs,load,cost,traffic] [--jobs a,b] [--modes a,b] [--threads 1,2]
/// [--sizes small,large,four] [--repeats N]`: each flag becomes the environment variable tests/e2e/bench.mjs reads,
/// which checks the names against what it knows.
pub fn bench_env(args: &[String]) -> Result<Vec<(&'static str, String)>, String> {
    const USAGE: &str = "usage: cargo xtask bench [-- --sections jobs,load,cost,traffic] [--jobs fib,sort,hash] [--modes main,worker,message-pool,pool,js-main,js-worker,webcrypto,webcrypto-all] [--threads 1,2] [--sizes small,large,four|smoke] [--repeats N]";
    let mut env = Vec::new();
    let mut args = args.iter().filter(|a| *a != "--");
    while let Some(flag) = args.next() {
        let var = match flag.as_str() {
            "--sections" => "OFFLOAD_BENCH_SECTIONS",
            "--jobs" => "OFFLOAD_BENCH_JOBS",
            "--modes" => "OFFLOAD_BENCH_MODES",
            "--threads" => "OFFLOAD_BENCH_THREADS",
            "--sizes" => "OFFLOAD_BENCH_SIZES",
            "--repeats" => "OFFLOAD_BENCH_REPEATS",
            _ => return Err(format!("unknown flag {flag}; {USAGE}")),
        };
        let value = args
            .next()
            .ok_or(format!("{flag} needs a value; {USAGE}"))?;
        env.push((var, value.clone()));
    }
    Ok(env)
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let env = bench_env(args)?;
    build(Site::Released)?;
    let env: Vec<_> = env.iter().map(|(k, v)| (*k, Some(v.as_str()))).collect();
    node_env(&["bench.mjs"], &env)
}

/// `soak`: the release build, then tests/e2e/soak.mjs with `env` (from `soak::soak_env`).
pub fn soak(env: &[(&'static str, String)]) -> Result<(), String> {
    build(Site::Released)?;
    let env: Vec<_> = env.iter().map(|(k, v)| (*k, Some(v.as_str()))).collect();
    node_env(&["soak.mjs"], &env)
}

#[cfg(test)]
mod tests {
    use super::{Site, bench_env, timing_table};

    #[test]
    fn the_timing_table_puts_the_slowest_first_and_adds_them_up() {
        let mut rows = vec![
            ("a.test.mjs".to_string(), 1.0, true),
            ("b.test.mjs".to_string(), 30.25, false),
        ];
        let table = timing_table("file", &mut rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[3], "| b.test.mjs | 30.2 | FAILED |");
        assert_eq!(lines[4], "| a.test.mjs | 1.0 | ok |");
        assert_eq!(lines[5], "| in all | 31.2 | |");
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bench_flags_become_the_scripts_environment() {
        let env = bench_env(&args(&["--", "--jobs", "sort,hash", "--repeats", "3"])).unwrap();
        assert_eq!(
            env,
            [
                ("OFFLOAD_BENCH_JOBS", "sort,hash".to_string()),
                ("OFFLOAD_BENCH_REPEATS", "3".to_string())
            ]
        );
        assert!(
            bench_env(&args(&["--job", "fib"]))
                .unwrap_err()
                .contains("unknown flag --job")
        );
        assert!(
            bench_env(&args(&["--modes"]))
                .unwrap_err()
                .contains("needs a value")
        );
        assert_eq!(
            bench_env(&args(&["--sections", "load,cost"])).unwrap(),
            [("OFFLOAD_BENCH_SECTIONS", "load,cost".to_string())]
        );
        assert_eq!(bench_env(&[]).unwrap(), []);
    }

    #[test]
    fn only_an_explicit_flag_builds_the_test_hooks() {
        assert_eq!(Site::from_args(&[]), Ok(Site::Released));
        assert_eq!(
            Site::from_args(&args(&["--test-hooks"])),
            Ok(Site::TestHooks)
        );
        assert_eq!(
            Site::from_args(&args(&["--", "--test-hooks"])),
            Ok(Site::TestHooks)
        );
        let refused = Site::from_args(&args(&["--test-hook"])).unwrap_err();
        assert!(
            refused.contains("usage: cargo xtask build [--test-hooks]"),
            "{refused}"
        );
    }
}
