//! The engine's build, run by trunk as a post_build hook (Trunk.toml): cargo in
//! src/engine (so its .cargo/config.toml adds atomics, shared memory and build-std),
//! wasm-bindgen into `$TRUNK_STAGING_DIR/engine`, and wasm-opt for release builds. The
//! same hook then moves trunk's inline scripts out of the staged index.html (`csp.rs`), and
//! holds the page's preloads and module for `click-to-load.js` (`click_to_load.rs`).

use crate::process::{cmd_env, root};
use crate::tools::path_with_tools;
use std::path::Path;

/// wasm-opt must be told the features the threaded module uses, or it refuses them.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-threads",
    "--enable-simd",
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn build_into_staging() -> Result<(), String> {
    let staging = std::env::var("TRUNK_STAGING_DIR").map_err(|_| {
        "run by trunk's post_build hook only (TRUNK_STAGING_DIR is not set)".to_string()
    })?;
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    let out = Path::new(&staging).join("engine");
    let engine_dir = root().join("src/engine");
    // Always optimised: a debug pool would measure the compiler, not the pool.
    // Flags from the environment would replace the config's target rustflags entirely and
    // silently yield a build without shared memory: they are cleared here.
    let cleared = [
        ("RUSTFLAGS", None),
        ("CARGO_ENCODED_RUSTFLAGS", None),
        ("CARGO_BUILD_TARGET", None),
        ("CARGO_TARGET_DIR", None),
    ];
    cmd_env("cargo", &["build", "--release"], &engine_dir, &cleared)?;
    let wasm = root().join("target/engine/wasm32-unknown-unknown/release/offload_engine.wasm");
    let out_dir = out.to_str().ok_or("staging path is not UTF-8")?;
    let wasm_path = wasm.to_str().ok_or("target path is not UTF-8")?;
    cmd_env(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            out_dir,
            wasm_path,
        ],
        &root(),
        &[],
    )?;
    // The whole point of this build: refuse one whose memory came out private.
    let glue = std::fs::read_to_string(out.join("offload_engine.js"))
        .map_err(|e| format!("engine glue: {e}"))?;
    if !glue.contains("shared:true") {
        return Err(
            "the engine's glue creates no shared memory: check src/engine/.cargo/config.toml"
                .into(),
        );
    }
    if release {
        let bg = out.join("offload_engine_bg.wasm");
        let bg = bg.to_str().ok_or("staging path is not UTF-8")?;
        let mut args = vec!["-O3", bg, "-o", bg];
        args.extend_from_slice(WASM_OPT_FEATURES);
        let path = path_with_tools();
        cmd_env("wasm-opt", &args, &root(), &[("PATH", Some(path.as_str()))])?;
    }
    crate::csp::externalize_inline_scripts(Path::new(&staging))?;
    crate::click_to_load::defer_start(Path::new(&staging))
}
