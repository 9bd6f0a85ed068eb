//! The subcommands: what `ziping` does with a parsed command line.

use std::process::ExitCode;

use anyhow::Context;

use crate::config::{
    BackupArgs, CheckArgs, Cli, Command, ExportArgs, ExportFormat, Format, ImportArgs, ReportArgs,
    ServeArgs, VerifyArgs,
};
use crate::content;
use crate::exchange::tables::{self, FileFormat, Table};
use crate::exchange::{archive, oscal, workbook};
use crate::startup::Application;
use crate::store::maintenance;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Backup(args)) => backup(&args),
        Some(Command::Verify(args)) => verify(&args),
        Some(Command::Report(args)) => report(&args),
        Some(Command::Export(args)) => export(&args),
        Some(Command::Import(args)) => import(&args),
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
    let loaded = content::load_all(args.dir.as_deref())?;
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if let Some([from, to]) = args.diff.as_deref() {
        return diff(&loaded.library, args, from, to, errors);
    }
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

/// `check --diff FROM TO`: the difference between two versions, as the library renders it.
fn diff(
    library: &questionnaires::Library,
    args: &CheckArgs,
    from: &str,
    to: &str,
    errors: usize,
) -> anyhow::Result<ExitCode> {
    let diff = library.compare(args.questionnaire.as_deref(), from, to)?;
    let declared = library.changes(&diff.questionnaire, &diff.to);
    match args.format {
        Format::Human => print!(
            "{}",
            questionnaires::diff::Rendered {
                diff: &diff,
                declared
            }
        ),
        Format::Json => {
            let report = serde_json::json!({ "diff": diff, "declared": declared });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    if errors > 0 {
        eprintln!("the content has {errors} error(s); `ziping check` lists them");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let data_dir = args.data.resolve()?;
    let report = maintenance::backup(&data_dir, &args.file)
        .with_context(|| format!("backing up {}", data_dir.display()))?;
    println!(
        "Backed up the database to {} and {} evidence file{} to {}.",
        report.database.display(),
        report.evidence_files,
        if report.evidence_files == 1 { "" } else { "s" },
        report.evidence_dir.display()
    );
    println!("To restore, see \"Backup and restore\" in the README.");
    Ok(ExitCode::SUCCESS)
}

/// Renders an assessment's report from the data directory, as the server would.
fn report(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let lang = questionnaires::Lang::parse(&args.lang).with_context(|| {
        format!(
            "`--lang {}` is not a report language; use zh-CN or en",
            args.lang
        )
    })?;
    let library = content::load(&args.content)?;
    let data_dir = args.data.resolve()?;
    let fonts = crate::report::ReportFonts::new(&args.fonts);
    let runtime = tokio::runtime::Runtime::new()?;
    let report = runtime.block_on(async {
        let store = crate::store::Store::open(&data_dir)
            .with_context(|| format!("opening the data in {}", data_dir.display()))?;
        crate::report::generate(&store, &library, &fonts, args.assessment, lang)
            .await
            .with_context(|| format!("rendering the report of assessment {}", args.assessment))
    })?;
    std::fs::write(&args.out, &report.pdf)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "Wrote {} ({} bytes), report {}, SHA-256 {}{}.",
        args.out.display(),
        report.pdf.len(),
        report.report_id,
        report.sha256,
        if report.approved {
            ", the report of record"
        } else {
            ", a draft"
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let data_dir = args.data.resolve()?;
    let check = maintenance::check(&data_dir)
        .with_context(|| format!("verifying {}", data_dir.display()))?;
    println!(
        "database   {} (schema version {})",
        check.database.display(),
        check.schema_version
    );
    if check.integrity.is_empty() {
        println!("integrity  ok");
    } else {
        println!("integrity  DAMAGED:");
        for line in &check.integrity {
            println!("             {line}");
        }
    }
    match &check.audit.first_broken {
        None => println!(
            "audit log  {} events, hash chain intact",
            check.audit.events
        ),
        Some(broken) => println!(
            "audit log  BROKEN at event {}: {}",
            broken.id, broken.reason
        ),
    }
    let evidence = &check.evidence;
    if evidence.ok() {
        println!(
            "evidence   {} file{}, each matching its SHA-256",
            evidence.files,
            if evidence.files == 1 { "" } else { "s" }
        );
    }
    for (id, path) in &evidence.missing {
        println!(
            "evidence   MISSING file of evidence {id}: {}",
            path.display()
        );
    }
    for (id, path) in &evidence.altered {
        println!(
            "evidence   ALTERED file of evidence {id} (its SHA-256 differs): {}",
            path.display()
        );
    }
    for path in &evidence.unreferenced {
        println!(
            "evidence   unreferenced file (safe to delete): {}",
            path.display()
        );
    }
    Ok(if check.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One assessment in one format. Each format is one arm, a function of the store, the content,
/// the assessment and the language.
async fn export_one(
    store: &crate::store::Store,
    library: &questionnaires::Library,
    format: ExportFormat,
    id: i64,
    lang: questionnaires::Lang,
) -> anyhow::Result<Vec<u8>> {
    match format {
        ExportFormat::Json => archive::export_bytes(store, library, id, lang).await,
        ExportFormat::Xlsx => {
            table(store, library, id, Table::Answers, FileFormat::Xlsx, lang).await
        }
        ExportFormat::Csv => table(store, library, id, Table::Answers, FileFormat::Csv, lang).await,
        ExportFormat::RemediationXlsx => {
            table(
                store,
                library,
                id,
                Table::Remediation,
                FileFormat::Xlsx,
                lang,
            )
            .await
        }
        ExportFormat::RemediationCsv => {
            table(
                store,
                library,
                id,
                Table::Remediation,
                FileFormat::Csv,
                lang,
            )
            .await
        }
        ExportFormat::Workbook => {
            let options = workbook::WorkbookOptions { lang, domain: None };
            Ok(workbook::fill_in(store, library, id, &options).await?)
        }
        ExportFormat::Docx => Ok(crate::exchange::docx::report_docx(store, library, id, lang)
            .await?
            .docx),
        ExportFormat::Oscal => {
            Ok(oscal::export(store, library, id, oscal::Document::AssessmentResults, lang).await?)
        }
        ExportFormat::OscalCatalog => {
            Ok(oscal::export(store, library, id, oscal::Document::Catalog, lang).await?)
        }
    }
}

async fn table(
    store: &crate::store::Store,
    library: &questionnaires::Library,
    id: i64,
    table: Table,
    format: FileFormat,
    lang: questionnaires::Lang,
) -> anyhow::Result<Vec<u8>> {
    Ok(tables::export(store, library, id, table, format, lang).await?)
}

fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let lang = questionnaires::Lang::parse(&args.lang)
        .with_context(|| format!("`--lang {}` is not a language; use zh-CN or en", args.lang))?;
    let library = content::load(&args.content)?;
    let data_dir = args.data.resolve()?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = crate::store::Store::open(&data_dir)
            .with_context(|| format!("opening the data in {}", data_dir.display()))?;
        let Some(organization) = args.organization.filter(|_| args.all) else {
            let id = args
                .assessment
                .context("name the assessment with --assessment ID, or use --all")?;
            refuse_existing(&args.out, args.force)?;
            let bytes = export_one(&store, &library, args.format, id, lang)
                .await
                .with_context(|| format!("exporting assessment {id}"))?;
            write_file(&args.out, &bytes, args.force)?;
            println!("Wrote {} ({} bytes).", args.out.display(), bytes.len());
            return Ok(ExitCode::SUCCESS);
        };
        let organization = store
            .organization(organization)
            .await
            .with_context(|| format!("finding organization {organization}"))?;
        let mut ids: Vec<i64> = store
            .assessments()
            .await?
            .into_iter()
            .filter(|a| a.organization.id == organization.id)
            .map(|a| a.id)
            .collect();
        ids.sort_unstable();
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("creating {}", args.out.display()))?;
        let paths: Vec<std::path::PathBuf> = ids
            .iter()
            .map(|id| args.out.join(args.format.file_name(*id)))
            .collect();
        // Every file is checked before the first is written, so a refusal writes nothing.
        for path in &paths {
            refuse_existing(path, args.force)?;
        }
        let mut progress = Progress::new(ids.len());
        for (id, path) in ids.iter().zip(&paths) {
            let bytes = export_one(&store, &library, args.format, *id, lang)
                .await
                .with_context(|| format!("exporting assessment {id}"))?;
            write_file(path, &bytes, args.force)?;
            progress.step(path);
        }
        progress.finish();
        println!(
            "Wrote {} file{} for {} to {}.",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            organization.name,
            args.out.display()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// Refuses to replace an existing file unless `--force` was given.
fn refuse_existing(path: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if !force && path.exists() {
        anyhow::bail!(
            "{} exists already; nothing was written (add --force to replace it)",
            path.display()
        );
    }
    Ok(())
}

fn write_file(path: &std::path::Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(!force)
        .create(force)
        .truncate(force)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", path.display()))
}

/// Progress of `export --all` on stderr: a bar redrawn in place on a terminal, one line per
/// file otherwise (a log, a pipe).
struct Progress {
    total: usize,
    done: usize,
    terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            done: 0,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn step(&mut self, path: &std::path::Path) {
        self.done += 1;
        if self.terminal {
            const WIDTH: usize = 30;
            let filled = (self.done * WIDTH).checked_div(self.total).unwrap_or(WIDTH);
            eprint!(
                "\r[{}{}] {}/{} {}\x1b[K",
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                self.done,
                self.total,
                path.display()
            );
        } else {
            eprintln!("exported {}/{}: {}", self.done, self.total, path.display());
        }
    }

    fn finish(&self) {
        if self.terminal && self.total > 0 {
            eprintln!();
        }
    }
}

fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let user =
        crate::domain::UserName::parse(&args.user).map_err(|e| anyhow::anyhow!("--user: {e}"))?;
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?
        .len();
    if size > archive::ARCHIVE_LIMIT as u64 {
        anyhow::bail!(
            "{} has {size} bytes; an archive may have at most {}",
            args.file.display(),
            archive::ARCHIVE_LIMIT
        );
    }
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let library = content::load(&args.content)?;
    let data_dir = args.data.resolve()?;
    let runtime = tokio::runtime::Runtime::new()?;
    let imported = runtime.block_on(async {
        let store = crate::store::Store::open(&data_dir)
            .with_context(|| format!("opening the data in {}", data_dir.display()))?;
        archive::import(&store, &library, &bytes, user)
            .await
            .with_context(|| format!("importing {}", args.file.display()))
    })?;
    println!(
        "Imported {} as assessment {} of organization {} ({}): {} answers, {} pieces of \
         evidence, {} remediation items, {} audit events kept; archive SHA-256 {}.",
        args.file.display(),
        imported.assessment_id,
        imported.organization_id,
        if imported.organization_created {
            "created"
        } else {
            "found by its USCC"
        },
        imported.answers,
        imported.evidence,
        imported.remediation,
        imported.audit_events,
        imported.archive_sha256
    );
    Ok(ExitCode::SUCCESS)
}
