//! The `ziping` command. Parsing and dispatch only; the work is in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = ziping::config::Cli::parse();
    ziping::telemetry::init();
    match ziping::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
