//! README.ja.md, the Japanese README: its rule table is the registry's (in Japanese), and it holds
//! the README's two commands verbatim. Files are read with CRLF turned into LF, so a checkout with
//! Windows line endings passes too.

mod common;

/// The README's two commands, as README.md's "The two commands" shows them.
const TWO_COMMANDS: &str = "cargo run --release -- check fixtures/examples\ncargo test\n";

fn read(name: &str) -> String {
    let path = common::root().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.replace("\r\n", "\n")
}

#[test]
fn the_japanese_readme_rule_table_matches_the_registry() {
    assert_eq!(
        common::rules_table(&read("README.ja.md")),
        dpmlint::cli::rules_markdown(dpmlint::i18n::Lang::Ja),
        "regenerate the table with `cargo run -q -- rules --format markdown --lang ja`"
    );
}

#[test]
fn the_japanese_readme_has_the_two_commands_verbatim() {
    let english = read("README.md");
    assert!(
        english.contains(TWO_COMMANDS),
        "README.md's two commands changed: update TWO_COMMANDS here and README.ja.md"
    );
    let japanese = read("README.ja.md");
    assert!(
        japanese.contains(TWO_COMMANDS),
        "README.ja.md must show README.md's two commands verbatim, one after the other:\n{TWO_COMMANDS}"
    );
}

#[test]
fn the_japanese_readme_links_to_the_english_one() {
    let japanese = read("README.ja.md");
    assert!(japanese.contains("(README.md)"), "README.ja.md links to README.md");
}
