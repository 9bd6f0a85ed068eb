//! Building and running the application. `Application::build` does everything that can fail
//! (loading content, opening the database, binding the port) before a request is
//! served; tests build it on port 0 and read the port back.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::content;
use crate::http::security::Security;
use crate::http::{self, AppState};
use crate::store::Store;

pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    router: axum::Router,
}

impl Application {
    pub async fn build(config: ServeArgs) -> anyhow::Result<Application> {
        let token = check_token(&config)?;
        let library = content::load(&config.content)?;
        let data_dir = config.data.resolve()?;
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
        let store = Store::open(&data_dir)?;
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|e| bind_error(config.bind, e))?;
        let address = listener.local_addr().context("reading the bound address")?;
        tracing::info!(
            data_dir = %data_dir.display(),
            questionnaires = library.questionnaires.len(),
            "ready"
        );
        let state = AppState {
            library: Arc::new(library),
            store,
            security: Security::new(address, token, &config.security.allow_hosts),
            fonts: crate::report::ReportFonts::new(&config.fonts),
        };
        Ok(Application {
            listener,
            address,
            router: http::router(state),
        })
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `signal` completes (tests stop the server this way).
    pub async fn run_until(
        self,
        signal: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(signal)
            .await
    }
}

/// Shortest access token accepted.
const TOKEN_MIN: usize = 16;

/// The access token, refusing to listen beyond loopback without one.
fn check_token(config: &ServeArgs) -> anyhow::Result<Option<String>> {
    let token = config
        .security
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match token {
        None if !config.bind.ip().is_loopback() => anyhow::bail!(
            "listening on {} makes Ziping reachable from other machines; give an access token \
             of at least {TOKEN_MIN} characters with --token (or ZIPING_TOKEN), or listen on \
             127.0.0.1",
            config.bind
        ),
        None => Ok(None),
        Some(token) if token.chars().count() < TOKEN_MIN => anyhow::bail!(
            "the access token has {} characters; use at least {TOKEN_MIN}",
            token.chars().count()
        ),
        Some(token) if !token.chars().all(|c| c.is_ascii_graphic()) => anyhow::bail!(
            "the access token must consist of visible ASCII characters (no spaces), as it is \
             sent in an HTTP header"
        ),
        Some(token) => Ok(Some(token.to_owned())),
    }
}

fn bind_error(address: SocketAddr, error: io::Error) -> anyhow::Error {
    match error.kind() {
        io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "{address} is already in use (is Ziping already running?). \
             Choose another address, e.g. `--bind 127.0.0.1:0` for any free port."
        ),
        io::ErrorKind::PermissionDenied => anyhow::anyhow!(
            "not allowed to listen on {address}; choose a port above 1024, e.g. `--bind 127.0.0.1:8770`"
        ),
        _ => anyhow::Error::new(error).context(format!("cannot listen on {address}")),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
