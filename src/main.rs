use clap::Parser;

fn main() {
    let cli = dpmlint::cli::Cli::parse();
    std::process::exit(dpmlint::cli::run(cli));
}
