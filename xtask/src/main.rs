//! `cargo xtask <command>`: every set-up, build and test step, in one place, idempotent.
//!
//! - `serve`: install what is missing, build, serve with COOP/COEP at http://127.0.0.1:8080/
//! - `test`: install, native tests, release build, end-to-end tests in headless Chromium
//! - `bench [-- --sections jobs,load,cost,traffic --jobs … --modes … --threads … --sizes …
//!   --repeats N]`: install, release build, time every job × mode × threads at two sizes,
//!   and the peers; the page's weight and load times, and its own main-thread cost; tables,
//!   each target's verdict, JSON
//! - `soak [-- --rounds N]`: install, release build, N rounds of every mode × job in one
//!   page (default 10: 310 runs); memory, workers and DOM flat, no run stuck
//! - `build [--test-hooks]`: install, release build into dist/ (with `--test-hooks`: the
//!   end-to-end tests' site, where `fault=` fails a run on purpose; `test` builds that one)
//! - `prepare`: trunk's pre_build hook: what a plain `trunk build|serve` needs beyond
//!   trunk itself (the wasm32 target, the pinned nightly, wasm-bindgen-cli, wasm-opt)
//! - `engine`: trunk's post_build hook: build the threaded engine into the staging dir,
//!   move trunk's inline scripts into files (the Content-Security-Policy allows none), and
//!   hold the page's module for www/click-to-load.js (`load=click`)
//! - `size`: dist/ as built: each file raw and gzip -9, each wasm's sections, the largest
//!   functions and crates (twiggy, on cargo's named output); builds nothing
//! - `fuzz [-- --cases N]`: hostile URLs against the query parser and the form, a million
//!   cases (tests/fuzz), natively on the toolchain xtask runs on: no wasm, no browser

mod click_to_load;
mod csp;
mod engine;
mod fuzz;
mod plain_env;
mod process;
mod run;
mod size;
mod soak;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    if ![
        "serve", "test", "bench", "soak", "build", "prepare", "engine", "fuzz", "size",
    ]
    .contains(&command)
    {
        eprintln!(
            "usage: cargo xtask serve [--port N] | test | bench [-- --jobs …] | soak [-- --rounds N] | build [--test-hooks] | fuzz | size"
        );
        return ExitCode::from(2);
    }
    if command == "fuzz" {
        return exit_code(command, fuzz::run(&args[1..]));
    }
    // Reads dist/ as it is: no toolchain or build needed beyond twiggy.
    if command == "size" {
        return exit_code(command, size::report(&args[1..]));
    }
    // Read before the pinned toolchain replaces it: the toolchain the caller (trunk) builds with.
    let caller_toolchain = std::env::var("RUSTUP_TOOLCHAIN").ok();
    let result = tools::use_pinned_toolchain().and_then(|()| match command {
        "serve" => tools::install(tools::Need::Build).and_then(|()| run::serve(&args[1..])),
        "test" => {
            let started = std::time::Instant::now();
            tools::install(tools::Need::Browser)
                .and_then(|()| run::test(started.elapsed().as_secs_f64()))
        }
        "bench" => tools::install(tools::Need::Browser).and_then(|()| run::bench(&args[1..])),
        "soak" => tools::install(tools::Need::Browser).and_then(|()| soak::soak(&args[1..])),
        "build" => run::Site::from_args(&args[1..])
            .and_then(|site| tools::install(tools::Need::Build).and_then(|()| run::build(site))),
        "prepare" => tools::prepare_for_trunk(caller_toolchain.as_deref()),
        "engine" => tools::build_tools().and_then(|()| engine::build_into_staging()),
        _ => unreachable!("checked above"),
    });
    exit_code(command, result)
}

fn exit_code(command: &str, result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask {command}: {error}");
            ExitCode::FAILURE
        }
    }
}
