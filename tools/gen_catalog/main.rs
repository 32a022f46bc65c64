//! Regenerate dpmlint's embedded catalogs: `cargo run --example gen-catalog -- ../shared`.
//!
//! Reads `<shared>/domain/windows-os.yaml`, `<shared>/domain/languages.yaml` and
//! `<shared>/data/ms-bulletins.csv` and rewrites the files under `src/catalog/data/`.
//! With `--check` it writes nothing and exits with status 1 when a committed file is stale.

#[path = "lib.rs"]
mod gen_catalog;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut check = false;
    let mut shared: Option<PathBuf> = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: cargo run --example gen-catalog -- [--check] [SHARED_DIR (default ../shared)]");
                return ExitCode::SUCCESS;
            }
            _ if shared.is_none() => shared = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("gen-catalog: unexpected argument {arg:?}");
                return ExitCode::from(2);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = shared.unwrap_or_else(|| root.join("../shared"));
    let files = match gen_catalog::generate(&shared) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("gen-catalog: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stale = 0;
    for (rel, contents) in files {
        let path = root.join(&rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(contents.as_str()) {
            println!("unchanged  {rel} ({} bytes)", contents.len());
            continue;
        }
        if check {
            println!("stale      {rel}");
            stale += 1;
            continue;
        }
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            eprintln!("gen-catalog: cannot create {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        if let Err(e) = std::fs::write(&path, &contents) {
            eprintln!("gen-catalog: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("written    {rel} ({} bytes)", contents.len());
    }
    if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
