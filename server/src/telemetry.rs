//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (default `info` for Ziping,
//! `warn` for its dependencies).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,ziping=info,tower_http=warn"));
    // A second call (tests start several applications in one process) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
