//! The environment a plain `trunk build` gets from a shell. `cargo xtask` runs under cargo
//! and rustup, which set variables for it (above all `RUSTUP_TOOLCHAIN`, which xtask then
//! sets to the pinned nightly): trunk run with them would build the page on nightly, and a
//! nightly-only feature in the page would pass every test and break a newcomer's plain
//! `trunk serve` on stable (issue 17: E0554). Trunk gets none of them, so the suite's own
//! build is the plain build; only the engine's hook picks the nightly, itself.

/// Variables cargo and rustup set for the program they run (cargo's list: "Environment
/// variables Cargo sets for crates"), and rustup's recursion guard.
const SET_FOR_A_RUN: &[&str] = &[
    "RUSTUP_TOOLCHAIN",
    "RUSTUP_TOOLCHAIN_SOURCE",
    "RUST_RECURSION_COUNT",
    "CARGO",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
];
const PREFIXES_SET_FOR_A_RUN: &[&str] = &["CARGO_MANIFEST_", "CARGO_PKG_"];

/// What to change in `vars` (the current environment) for a child to see the caller's:
/// each name with None is removed; `LD_LIBRARY_PATH` loses the directories cargo put in
/// front (this target dir's and a toolchain's libraries under `rustup_home`).
pub fn changes(
    vars: impl IntoIterator<Item = (String, String)>,
    target_dir: &str,
    rustup_home: &str,
) -> Vec<(String, Option<String>)> {
    let toolchains = format!("{rustup_home}/toolchains/");
    let mut changes = Vec::new();
    for (name, value) in vars {
        if SET_FOR_A_RUN.contains(&name.as_str())
            || PREFIXES_SET_FOR_A_RUN.iter().any(|p| name.starts_with(p))
        {
            changes.push((name, None));
        } else if name == "LD_LIBRARY_PATH" {
            let kept: Vec<&str> = value
                .split(':')
                .filter(|dir| !dir.starts_with(target_dir) && !dir.starts_with(&toolchains))
                .collect();
            let kept = (!kept.is_empty()).then(|| kept.join(":"));
            changes.push((name, kept));
        }
    }
    changes
}

/// [`changes`] for this process, with this repository's target dir.
pub fn for_trunk() -> Vec<(String, Option<String>)> {
    let home = std::env::var("HOME").unwrap_or_default();
    let rustup_home = std::env::var("RUSTUP_HOME").unwrap_or(format!("{home}/.rustup"));
    let target = crate::process::root().join("target");
    changes(std::env::vars(), &target.to_string_lossy(), &rustup_home)
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn what_cargo_and_rustup_set_is_taken_back() {
        let vars = [
            ("RUSTUP_TOOLCHAIN", "nightly-2026-05-20"),
            ("RUSTUP_TOOLCHAIN_SOURCE", "default"),
            ("RUST_RECURSION_COUNT", "1"),
            ("CARGO", "/r/toolchains/stable/bin/cargo"),
            ("CARGO_PKG_NAME", "xtask"),
            ("CARGO_MANIFEST_DIR", "/repo/xtask"),
            (
                "LD_LIBRARY_PATH",
                "/repo/target/debug:/repo/target/debug/deps:/r/toolchains/stable/lib:/opt/lib",
            ),
            // The caller's own: kept.
            ("CARGO_HOME", "/c"),
            ("RUSTUP_HOME", "/r"),
            ("PATH", "/c/bin:/usr/bin"),
            ("HOME", "/root"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        let mut changed = changes(vars, "/repo/target", "/r");
        changed.sort();
        let expected: Vec<(String, Option<String>)> = [
            ("CARGO", None),
            ("CARGO_MANIFEST_DIR", None),
            ("CARGO_PKG_NAME", None),
            ("LD_LIBRARY_PATH", Some("/opt/lib")),
            ("RUSTUP_TOOLCHAIN", None),
            ("RUSTUP_TOOLCHAIN_SOURCE", None),
            ("RUST_RECURSION_COUNT", None),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect();
        assert_eq!(changed, expected);
    }

    #[test]
    fn a_library_path_only_cargo_made_is_removed() {
        let vars = [(
            "LD_LIBRARY_PATH".to_string(),
            "/repo/target/release".to_string(),
        )];
        assert_eq!(
            changes(vars, "/repo/target", "/r"),
            [("LD_LIBRARY_PATH".to_string(), None)]
        );
    }
}
