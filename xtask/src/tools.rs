//! Installs the exact tools the build needs, only when missing or of another version:
//! trunk and wasm-bindgen-cli through cargo, binaryen and playwright-core through npm
//! (lock files), the browsers (Chromium, Firefox ESR, WebKitGTK with its driver and a
//! virtual display) through apt when running as root. Nothing else is downloaded.

use crate::process::{cmd, output_of, root};
use std::path::{Path, PathBuf};

/// trunk 0.22.1 needs rustc >= 1.96.1: the pinned nightly has it.
const TRUNK_VERSION: &str = "0.22.1";

/// As Trunk.toml's `[tools] wasm_opt` spells it; xtask/tools/package.json pins binaryen 132.
const WASM_OPT_VERSION: &str = "version_132";

/// `cargo xtask size` reads function names with it.
const TWIGGY_VERSION: &str = "0.8.0";

/// How much of the tool set a command needs.
#[derive(PartialEq)]
pub enum Need {
    Build,
    /// Build, plus the browsers and their drivers (playwright-core, puppeteer-core).
    Browser,
}

/// Installs the pinned nightly if needed and makes it the toolchain of every command
/// xtask runs from here on (cargo, and the engine's build), whatever the default is; trunk
/// alone is run without it (`run::trunk`), so it builds the page as a plain trunk does.
pub fn use_pinned_toolchain() -> Result<(), String> {
    let channel = pinned_channel()?;
    let installed = output_of(
        "rustup",
        &["component", "list", "--installed", "--toolchain", &channel],
    );
    let ready = installed.is_some_and(|list| {
        list.lines().any(|c| c.starts_with("rust-src"))
            && list
                .lines()
                .any(|c| c.starts_with("rust-std-wasm32-unknown-unknown"))
    });
    if !ready {
        eprintln!("xtask: installing Rust {channel} with rust-src and the wasm32 target");
        let args = [
            "toolchain",
            "install",
            &channel,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ];
        cmd(
            "rustup",
            &[&args[..], &["--target", "wasm32-unknown-unknown"]].concat(),
            &root(),
        )?;
    }
    // SAFETY: set before xtask starts any thread; children inherit it.
    unsafe { std::env::set_var("RUSTUP_TOOLCHAIN", &channel) };
    Ok(())
}

/// The channel src/engine/rust-toolchain.toml pins.
fn pinned_channel() -> Result<String, String> {
    let path = root().join("src/engine/rust-toolchain.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("channel = \""));
    line.map(|l| l.trim_end_matches('"').to_string())
        .ok_or_else(|| format!("{}: no channel", path.display()))
}

/// trunk's pre_build hook: a plain `trunk serve` on a fresh clone builds the page with the
/// caller's toolchain (often a stable without the wasm32 target: "can't find crate for
/// core"), and finds wasm-bindgen and wasm-opt only where xtask puts them.
pub fn prepare_for_trunk(caller_toolchain: Option<&str>) -> Result<(), String> {
    if let Some(toolchain) = caller_toolchain {
        add_wasm_target(toolchain)?;
    }
    ensure_cargo_tool("wasm-bindgen-cli", &locked_wasm_bindgen()?, &[])?;
    build_tools()
}

/// Adds the wasm32 target to `toolchain` unless it has it.
fn add_wasm_target(toolchain: &str) -> Result<(), String> {
    let list = ["target", "list", "--installed", "--toolchain", toolchain];
    let installed = output_of("rustup", &list).unwrap_or_default();
    if installed
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    eprintln!(
        "xtask: adding the wasm32-unknown-unknown target to Rust {toolchain} (trunk builds the page with it)"
    );
    let add = [
        "target",
        "add",
        "wasm32-unknown-unknown",
        "--toolchain",
        toolchain,
    ];
    cmd("rustup", &add, &root())
}

pub fn install(need: Need) -> Result<(), String> {
    ensure_cargo_tool("trunk", TRUNK_VERSION, &["--locked"])?;
    // The CLI must equal the library to the patch; its `--locked` fails on a missing
    // locked dependency, so it is built without.
    ensure_cargo_tool("wasm-bindgen-cli", &locked_wasm_bindgen()?, &[])?;
    build_tools()?;
    if need == Need::Browser {
        npm_ci(&root().join("tests/e2e"))?;
        ensure_chromium()?;
        ensure_other_engines()?;
    }
    Ok(())
}

/// The wasm-bindgen version both lock files resolved and Trunk.toml names: they must agree,
/// or trunk (--offline) would refuse or the engine's glue would not match its CLI.
fn locked_wasm_bindgen() -> Result<String, String> {
    let read =
        |path: &str| std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"));
    let in_lock = |path: &str| -> Result<String, String> {
        let lock = read(path)?;
        let mut lines = lock.lines();
        while let Some(line) = lines.next() {
            let version = lines
                .clone()
                .next()
                .and_then(|l| l.strip_prefix("version = \""));
            if let (true, Some(version)) = (line == "name = \"wasm-bindgen\"", version) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
        Err(format!("{path} has no wasm-bindgen"))
    };
    let page = in_lock("Cargo.lock")?;
    let engine = in_lock("src/engine/Cargo.lock")?;
    let trunk = read("Trunk.toml")?;
    let named = trunk
        .lines()
        .find_map(|l| l.trim().strip_prefix("wasm_bindgen = \""));
    match named.map(|v| v.trim_end_matches('"')) {
        Some(v) if v == page && v == engine => Ok(page),
        v => Err(format!(
            "wasm-bindgen versions disagree: Cargo.lock {page}, src/engine/Cargo.lock {engine}, \
             Trunk.toml {}: pin one version in both Cargo.toml files and Trunk.toml",
            v.unwrap_or("(none)")
        )),
    }
}

/// twiggy for `cargo xtask size`, installed only when missing or of another version.
pub fn ensure_twiggy() -> Result<(), String> {
    ensure_cargo_tool("twiggy", TWIGGY_VERSION, &["--locked"])
}

/// `cargo install` a crate unless its binary already reports `version`.
fn ensure_cargo_tool(krate: &str, version: &str, flags: &[&str]) -> Result<(), String> {
    let binary = if krate == "wasm-bindgen-cli" {
        "wasm-bindgen"
    } else {
        krate
    };
    let reported = output_of(binary, &["--version"]).unwrap_or_default();
    if reported.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing {krate} {version} (found: {})",
        reported.trim()
    );
    let mut args = vec!["install", krate, "--version", version];
    args.extend_from_slice(flags);
    cmd("cargo", &args, &root())
}

/// binaryen's wasm-opt from npm, for trunk's release builds and the engine's.
pub fn build_tools() -> Result<(), String> {
    npm_ci(&root().join("xtask/tools"))?;
    seed_trunk_cache()
}

/// Copies binaryen into trunk's own tool cache, where trunk looks (when not --offline)
/// before it would download: so a plain `trunk build --release` finds wasm-opt too.
fn seed_trunk_cache() -> Result<(), String> {
    let home = std::env::var("HOME").map_err(|_| "HOME is not set")?;
    let cache = std::env::var("XDG_CACHE_HOME").unwrap_or_else(|_| format!("{home}/.cache"));
    let target = Path::new(&cache).join(format!("trunk/wasm-opt-{WASM_OPT_VERSION}"));
    if target.join("bin/wasm-opt").exists() {
        return Ok(());
    }
    let source = root().join("xtask/tools/node_modules/binaryen");
    std::fs::create_dir_all(target.parent().ok_or("no cache parent")?)
        .map_err(|e| e.to_string())?;
    let (source, target) = (source.to_string_lossy(), target.to_string_lossy());
    cmd("cp", &["-R", &source, &target], &root())
}

/// `npm ci` in `dir` unless node_modules is newer than the lock file.
fn npm_ci(dir: &Path) -> Result<(), String> {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(dir.join("package-lock.json"));
    let installed = modified(dir.join("node_modules/.package-lock.json"));
    if lock.is_some() && installed >= lock {
        return Ok(());
    }
    cmd("npm", &["ci", "--no-audit", "--no-fund"], dir)
}

/// Debian's Chromium: playwright-core drives it (tools that fetch their own browser fail).
fn ensure_chromium() -> Result<(), String> {
    ensure_apt_packages(&[(&chromium(), "chromium")], "or set CHROMIUM")
}

/// Firefox ESR (driven by puppeteer-core over WebDriver BiDi) and WebKitGTK's
/// WebKitWebDriver with its MiniBrowser, which needs a display: xvfb-run gives it one.
/// The paths are the ones tests/e2e/firefox.mjs and webkit.mjs use.
fn ensure_other_engines() -> Result<(), String> {
    ensure_apt_packages(
        &[
            ("/usr/bin/firefox-esr", "firefox-esr"),
            ("/usr/bin/WebKitWebDriver", "webkit2gtk-driver"),
            (
                "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
                "webkit2gtk-driver",
            ),
            ("/usr/bin/xvfb-run", "xvfb"),
            // xvfb-run calls it; xvfb only recommends it.
            ("/usr/bin/xauth", "xauth"),
        ],
        "or set FIREFOX, WEBKIT_DRIVER, WEBKIT_MINIBROWSER",
    )
}

/// Installs, through apt, the package of each `(file, package)` whose file is missing:
/// as root without asking, else an error naming the command to run.
fn ensure_apt_packages(wanted: &[(&str, &str)], otherwise: &str) -> Result<(), String> {
    let mut missing: Vec<&str> = wanted
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|&(_, package)| package)
        .collect();
    missing.dedup();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if output_of("id", &["-u"]).as_deref().map(str::trim) != Some("0") {
        return Err(format!(
            "the end-to-end tests need {list}: run `sudo apt-get install {list}` ({otherwise})"
        ));
    }
    eprintln!("xtask: installing {list} through apt (the end-to-end tests drive them)");
    cmd("apt-get", &["update"], &root())?;
    let install = ["install", "-y", "--no-install-recommends"];
    cmd("apt-get", &[&install[..], &missing].concat(), &root())
}

/// The browser the end-to-end tests drive.
pub fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Where npm put binaryen's wasm-opt: first on PATH for trunk and the engine's build.
pub fn npm_bin() -> PathBuf {
    root().join("xtask/tools/node_modules/.bin")
}

/// PATH with the npm tools first.
pub fn path_with_tools() -> String {
    let path = std::env::var("PATH").unwrap_or_default();
    format!("{}:{path}", npm_bin().display())
}
