use clap::Parser;

/// mimalloc: a run holds every definition's findings until the repository rules have spoken, and
/// glibc's allocator slows as that heap grows (a third of the time went to malloc with 100,000
/// findings-heavy definitions). Its version 2, without transparent huge pages (Cargo.toml): the
/// least memory, and no huge page to fault in when one definition is checked.
#[cfg(unix)]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = dpmlint::cli::Cli::parse();
    std::process::exit(dpmlint::cli::run(cli));
}
