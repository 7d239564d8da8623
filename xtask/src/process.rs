//! Running commands, and where: the helpers every flow and installer shares. It imports
//! no other module of xtask, so none of them has to import another for these.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}

/// Runs `program args` in `dir` with `env` set (None: removed); fails on a non-zero exit.
pub fn cmd_env(
    program: &str,
    args: &[&str],
    dir: &Path,
    env: &[(&str, Option<&str>)],
) -> Result<(), String> {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, value) in env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

pub fn cmd(program: &str, args: &[&str], dir: &Path) -> Result<(), String> {
    cmd_env(program, args, dir, &[])
}

/// What a command prints, if it runs.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}
