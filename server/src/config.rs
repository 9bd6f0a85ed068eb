//! The command line and configuration: one typed structure, every setting a flag with an
//! environment variable as fallback, all documented in `--help`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

/// Ziping (自评): data-security self-assessment for Chinese regulations.
#[derive(Debug, Parser)]
#[command(name = "ziping", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings of `serve`, so that `ziping --bind ...` works without naming the subcommand.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the server and open the browser (the default).
    Serve(ServeArgs),
    /// Check the regulation catalog and the questionnaires; print every problem with its place.
    Check(CheckArgs),
    /// Copy the database (a consistent online copy, also while Ziping runs) to FILE and its
    /// evidence files to FILE.evidence/.
    Backup(BackupArgs),
    /// Check the database, the audit log's hash chain and every evidence file's SHA-256.
    Verify(VerifyArgs),
    /// Write the PDF readiness report of an assessment to a file.
    Report(ReportArgs),
    /// Export an assessment (or, with --all, every assessment of an organization) to a file.
    Export(ExportArgs),
    /// Import an archive written by `ziping export` as a new assessment.
    Import(ImportArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use port 0 for any free port.
    #[arg(long, env = "ZIPING_BIND", default_value = "127.0.0.1:8770")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub content: ContentArgs,
    /// Do not open a browser window.
    #[arg(long, env = "ZIPING_NO_BROWSER")]
    pub no_browser: bool,
    #[command(flatten)]
    pub security: SecurityArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
}

impl ServeArgs {
    /// The defaults of every other setting, with this address and data directory (tests and
    /// embedders build the configuration this way).
    pub fn new(bind: SocketAddr, data_dir: Option<PathBuf>) -> ServeArgs {
        ServeArgs {
            bind,
            data: DataArgs { data_dir },
            content: ContentArgs::default(),
            no_browser: true,
            security: SecurityArgs::default(),
            fonts: FontArgs::default(),
        }
    }
}

/// Who may talk to the server.
#[derive(Clone, Default, Args)]
pub struct SecurityArgs {
    /// Access token (at least 16 characters). Required when listening on an address other than
    /// loopback; every API request must then carry `Authorization: Bearer TOKEN`.
    #[arg(long, env = "ZIPING_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Another host name under which the server is reached (e.g. a LAN name), besides the
    /// listening address and localhost. Requests naming any other host are refused, which
    /// defeats DNS rebinding. Repeat the flag, or separate names with commas.
    #[arg(long = "allow-host", env = "ZIPING_ALLOW_HOSTS", value_delimiter = ',')]
    pub allow_hosts: Vec<String>,
}

impl std::fmt::Debug for SecurityArgs {
    /// Never prints the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecurityArgs")
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .field("allow_hosts", &self.allow_hosts)
            .finish()
    }
}

/// Where assessments are kept.
#[derive(Clone, Debug, Default, Args)]
pub struct DataArgs {
    /// Data directory (database, evidence files). Default: the platform's data directory, e.g.
    /// ~/.local/share/ziping on Linux. Created if missing.
    #[arg(long, env = "ZIPING_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Which questionnaires to load.
#[derive(Clone, Debug, Default, Args)]
pub struct ContentArgs {
    /// Load the catalog and questionnaires from this directory (with `catalog/` and `content/`)
    /// instead of the copy built into the binary.
    #[arg(long, env = "ZIPING_QUESTIONNAIRES")]
    pub questionnaires: Option<PathBuf>,
}

#[derive(Clone, Debug, Args)]
pub struct CheckArgs {
    /// Directory with `catalog/` and `content/`. Default: the content built into the binary.
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print what changed between two versions of a questionnaire instead, with the reasons its
    /// changes.md declares, e.g. `--diff 2026.1 2026.2`.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub diff: Option<Vec<String>>,
    /// The questionnaire to compare with `--diff`. Default: the only one that has both versions.
    #[arg(long, requires = "diff")]
    pub questionnaire: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct BackupArgs {
    /// The backup file to create; it must not exist yet.
    pub file: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
}

/// The font of the PDF report.
#[derive(Clone, Debug, Default, Args)]
pub struct FontArgs {
    /// Font for reports (a .ttf/.otf, or a .ttc whose face 2 is Simplified Chinese, like Noto
    /// Sans CJK). Default: Noto Sans CJK SC from the system (Debian: fonts-noto-cjk) when it is
    /// installed, else the copy built into Ziping.
    #[arg(long, env = "ZIPING_FONT")]
    pub font: Option<PathBuf>,
    /// Directories to look for the system's NotoSansCJK-Regular.ttc in, instead of where Linux
    /// distributions install it. Repeat the flag, or separate directories with commas.
    #[arg(long = "font-dir", env = "ZIPING_FONT_DIRS", value_delimiter = ',')]
    pub font_dirs: Vec<PathBuf>,
}

#[derive(Clone, Debug, Args)]
pub struct ReportArgs {
    /// Id of the assessment (as in the address /assessments/ID of the web interface).
    #[arg(long)]
    pub assessment: i64,
    /// Report language: zh-CN or en.
    #[arg(long, default_value = "zh-CN")]
    pub lang: String,
    /// The PDF file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub content: ContentArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
}

#[derive(Clone, Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["assessment", "all"])))]
pub struct ExportArgs {
    /// Id of the assessment to export (as in the address /assessments/ID of the web interface).
    #[arg(long)]
    pub assessment: Option<i64>,
    /// Export every assessment of the organization given with --organization, one file each,
    /// into the directory --out (created if missing).
    #[arg(long, requires = "organization")]
    pub all: bool,
    /// Id of the organization whose assessments --all exports.
    #[arg(long, requires = "all")]
    pub organization: Option<i64>,
    /// The file to write; with --all, the directory to write into.
    #[arg(long)]
    pub out: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Language of the formats that are written in one: zh-CN or en.
    #[arg(long, default_value = "zh-CN")]
    pub lang: String,
    /// Replace files that exist already (without it, an existing file is never overwritten).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

/// The formats `ziping export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The portable archive: a zip with the assessment as JSON, its evidence files and a
    /// manifest of SHA-256 sums (server/ARCHIVE.md), for `ziping import` on another machine.
    Json,
    /// The answers as an XLSX table (one row per question).
    Xlsx,
    /// The answers as CSV (UTF-8 with a byte order mark).
    Csv,
    /// The gap and remediation plan as an XLSX table.
    RemediationXlsx,
    /// The gap and remediation plan as CSV.
    RemediationCsv,
    /// The fill-in workbook (XLSX) that departments answer offline and the web interface reads
    /// back on the workbook import page.
    Workbook,
    /// The readiness report as an editable Word document (DOCX).
    Docx,
    /// The assessment as OSCAL 1.1.2 assessment results (JSON), referencing the catalog that
    /// `oscal-catalog` writes.
    Oscal,
    /// The assessment's questionnaire version as an OSCAL 1.1.2 catalog (JSON).
    OscalCatalog,
}

impl ExportFormat {
    /// The name of the file `export --all` writes for assessment `id`.
    pub fn file_name(self, id: i64) -> String {
        use crate::exchange::oscal;
        use crate::exchange::tables::{self, FileFormat, Table};
        match self {
            ExportFormat::Json => format!("ziping-assessment-{id}.zip"),
            ExportFormat::Xlsx => tables::file_name(id, Table::Answers, FileFormat::Xlsx),
            ExportFormat::Csv => tables::file_name(id, Table::Answers, FileFormat::Csv),
            ExportFormat::RemediationXlsx => {
                tables::file_name(id, Table::Remediation, FileFormat::Xlsx)
            }
            ExportFormat::RemediationCsv => {
                tables::file_name(id, Table::Remediation, FileFormat::Csv)
            }
            ExportFormat::Workbook => crate::exchange::workbook::file_name(id),
            ExportFormat::Docx => format!("ziping-{id}-report.docx"),
            ExportFormat::Oscal => oscal::file_name(id, oscal::Document::AssessmentResults),
            ExportFormat::OscalCatalog => oscal::file_name(id, oscal::Document::Catalog),
        }
    }
}

#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    /// The archive (.zip) to import.
    pub file: PathBuf,
    /// The name recorded in the audit log as the one who imported it.
    #[arg(long, env = "ZIPING_USER", default_value = "ziping import")]
    pub user: String,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Clone, Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

impl DataArgs {
    /// The data directory to use: the one given, or the platform's.
    pub fn resolve(&self) -> anyhow::Result<PathBuf> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => directories::ProjectDirs::from("", "", "ziping")
                .map(|dirs| dirs.data_dir().to_path_buf())
                .ok_or_else(|| {
                    anyhow::anyhow!("no home directory found; give one with --data-dir")
                }),
        }
    }
}
