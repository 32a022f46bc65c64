//! `cargo run --example pe_inspect -- [--json] [--ja] FILE…`: `dpmlint::evidence::inspect::run` without
//! the CLI, for `tools/pe-crosscheck/` and for looking at a file by hand.

use std::path::PathBuf;

use dpmlint::i18n::Lang;

fn main() -> std::io::Result<()> {
    let mut json = false;
    let mut lang = Lang::En;
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--ja") => lang = Lang::Ja,
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let status = dpmlint::evidence::inspect::run(&paths, json, lang, false, &mut std::io::stdout().lock())?;
    std::process::exit(status)
}
