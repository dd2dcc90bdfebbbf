//! Where the binaries the tests drive are: the workspace's `target/debug` (or `$CARGO_TARGET_DIR`).

use std::path::{Path, PathBuf};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where `cargo build -p NAME` puts the binary, built or not.
pub fn debug_path(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| workspace().join("target"));
    target
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// A binary built by `cargo build -p NAME`, or a failure saying how to build it.
pub fn debug_binary(name: &str) -> PathBuf {
    let path = debug_path(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p {name}` (or the README's test command) first",
        path.display()
    );
    path
}
