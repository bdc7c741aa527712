//! The one error type the library adds to anyhow's: a [`UsageError`] is a request that cannot be
//! carried out as asked (a flag, a manifest's setting), which the binary exits with 2 for; every
//! other error is a runtime or data error, exit 1. Find one anywhere in a cause chain with
//! [`is_usage`].

/// A request that cannot be carried out as asked; its text says why and what to do instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// True when a usage error is somewhere in the cause chain.
pub fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<UsageError>())
}
