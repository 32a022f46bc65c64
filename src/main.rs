use clap::Parser;

/// mimalloc: a run holds every definition's findings until the repository rules have spoken, and
/// glibc's allocator slows as that heap grows (a third of the time went to malloc with 100,000
/// findings-heavy definitions).
#[cfg(unix)]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = dpmlint::cli::Cli::parse();
    std::process::exit(dpmlint::cli::run(cli));
}
