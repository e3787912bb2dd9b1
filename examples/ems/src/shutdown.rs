//! Shutdown: one [`CancellationToken`] for the whole process, cancelled when the process gets
//! SIGINT (Ctrl-C) or SIGTERM (`systemctl stop`). Commands watch the token and wind down in
//! order — stop polling, drain the pipeline, commit the store, let the sinks deliver what was
//! committed, stop serving — and return from `main` normally; nothing calls `process::exit`
//! on the way.
//!
//! The signals are taken by tokio's signal handling on a small thread of its own, so every
//! command gets the same behaviour whether or not it runs a tokio runtime itself.

use std::sync::OnceLock;

use tokio_util::sync::CancellationToken;

/// The process's shutdown token. The first call installs the SIGINT and SIGTERM handlers;
/// when they cannot be installed the token is still returned (and the signals keep their
/// default action, which ends the process).
pub fn token() -> CancellationToken {
    static TOKEN: OnceLock<CancellationToken> = OnceLock::new();
    TOKEN
        .get_or_init(|| {
            let token = CancellationToken::new();
            let t = token.clone();
            let _ = std::thread::Builder::new()
                .name("ems-signals".into())
                .spawn(move || watch(t));
            token
        })
        .clone()
}

fn watch(token: CancellationToken) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch for Ctrl-C and SIGTERM");
            return;
        }
    };
    rt.block_on(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let (mut int, mut term) = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(i), Ok(t)) => (i, t),
                _ => {
                    tracing::warn!("cannot install the SIGINT/SIGTERM handlers");
                    return;
                }
            };
            let which = tokio::select! {
                _ = int.recv() => "SIGINT",
                _ = term.recv() => "SIGTERM",
            };
            tracing::info!(signal = which, "shutting down");
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            tracing::info!(signal = "Ctrl-C", "shutting down");
        }
        token.cancel();
    });
}
