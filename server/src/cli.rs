//! The subcommands: what `ziping` does with a parsed command line.

use std::process::ExitCode;

use crate::config::{CheckArgs, Cli, Command, Format, ServeArgs};
use crate::content;
use crate::startup::Application;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Check(args)) => check(&args),
    }
}

fn serve(config: ServeArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let no_browser = config.no_browser;
        let app = Application::build(config).await?;
        let url = app.url();
        println!("Ziping is running at {url}  (Ctrl-C to stop)");
        if !no_browser {
            open_browser(&url);
        }
        app.run_until_stopped().await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Opens the default browser where there is a desktop to open it on.
fn open_browser(url: &str) {
    let has_display = !cfg!(target_os = "linux")
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if has_display && let Err(error) = open::that_detached(url) {
        tracing::warn!(%error, "could not open a browser; open {url} yourself");
    }
}

fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (catalog, questionnaires) = content::sources(args.dir.as_deref())?;
    let loaded = questionnaires::load(&catalog, &questionnaires);
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    match args.format {
        Format::Human => {
            print!("{}", questionnaires::render(&loaded.diagnostics));
            println!("{}", questionnaires::Stats::of(&loaded.library));
        }
        Format::Json => {
            let report = serde_json::json!({
                "diagnostics": loaded.diagnostics,
                "stats": questionnaires::Stats::of(&loaded.library),
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
