//! Writes the rule pages of `docs/rules/` (or of the folder given) from the rules' documentation:
//! `cargo run --example gen-rule-docs [DIR]`. Pages no rule has any more are removed. The test
//! `the_rule_pages_are_generated_from_the_rule_docs` (tests/rules.rs) fails until they are in step.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir)?;
    let pages = dpmlint::rules::pages::pages();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".md") && !pages.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, text) in &pages {
        std::fs::write(dir.join(name), text)?;
    }
    println!("wrote {} pages to {}", pages.len(), dir.display());
    Ok(())
}
