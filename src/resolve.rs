//! Import path to real package name, offline. (Being written: this placeholder resolves
//! nothing, so the alias rules stay silent.)

use crate::package::{BuildSettings, Directory};
use std::path::PathBuf;

/// Where resolution looks outside the checked tree.
#[derive(Debug, Clone, Default)]
pub struct ResolveEnv {
    /// The module cache directory.
    pub module_cache: Option<PathBuf>,
}

impl ResolveEnv {
    /// `$GOMODCACHE`, else `$GOPATH/pkg/mod` (first GOPATH entry), else `~/go/pkg/mod`.
    pub fn from_env() -> ResolveEnv {
        ResolveEnv::default()
    }
}

/// The real names of every import of the checked directories.
#[derive(Debug, Default)]
pub struct Resolutions {}

impl Resolutions {
    /// Resolves every import of every file in `dirs`.
    pub fn build(_dirs: &[Directory], _build: &BuildSettings, _env: &ResolveEnv) -> Resolutions {
        Resolutions {}
    }

    /// The real package name of `import_path` imported from `dir`; None when unresolved
    /// (or for the pseudo-package "C").
    pub fn name(&self, _dir: &Directory, _import_path: &str) -> Option<&str> {
        None
    }
}
