//! The options every command that reads a project takes: which manifest, and cargo's own feature
//! and target flags.

use std::path::PathBuf;

use disclosure_core::foundation::diagnostic::{Diagnostic, Error};
use disclosure_core::pipeline::Project;
use disclosure_core::pipeline::extract::Extracted;
use disclosure_core::scan::GraphOptions;

use crate::report::Report;

/// Which project, and how cargo resolves its graph.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ProjectArgs {
    /// Path to Cargo.toml (default: the one cargo would use from the current directory).
    #[arg(long, value_name = "PATH")]
    pub(crate) manifest_path: Option<PathBuf>,
    /// Features to activate, as for cargo (the dependency graph, and `#[cfg(feature)]`).
    #[arg(long, short = 'F', value_delimiter = ',')]
    pub(crate) features: Vec<String>,
    /// Activate every feature.
    #[arg(long)]
    pub(crate) all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long)]
    pub(crate) no_default_features: bool,
    /// The target triple whose dependencies and `cfg`s count (default: the host).
    #[arg(long, value_name = "TRIPLE")]
    pub(crate) target: Option<String>,
    /// Ask cargo for the dependency graph and read every file, even when what the last
    /// run kept under `target/disclosure/` is still valid, and keep nothing
    /// (`DISCLOSURE_NO_CACHE=1` does the same, for CI).
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// Read the crate graph from rust-analyzer's `rust-project.json` (Bazel, Buck2) instead of
    /// cargo; the catalogue is the one in its directory, and a crate below that directory finds
    /// its own walking up to it.
    #[arg(long, value_name = "PATH", conflicts_with = "manifest_path")]
    pub(crate) rust_project: Option<PathBuf>,
}

impl ProjectArgs {
    /// The graph options these flags ask for.
    pub(crate) fn graph(&self) -> GraphOptions {
        let mut options = GraphOptions::default();
        options.features = self.features.clone();
        options.all_features = self.all_features;
        options.no_default_features = self.no_default_features;
        options.target = self.target.clone();
        options.no_cache = self.no_cache;
        options.rust_project = self.rust_project.clone();
        options
    }

    /// Loads the project these options name, its `[lints]` joined with the command line's rules
    /// (in `report`, and in the project, whose lints then run at those levels).
    pub(crate) fn load(&self, report: &mut Report) -> Result<(Project, Vec<Diagnostic>), Error> {
        let (mut project, warnings) =
            Project::load_with(self.manifest_path.as_deref(), &self.graph())?;
        report.adopt(&mut project);
        report.detail(&format!(
            "read {} of {} files (sources, templates, assets, manifests); the others are unchanged since the last run",
            project.files_read,
            project.files.len()
        ));
        report.detail(&format!(
            "listed {} of {} directories; the others are unchanged since the last run",
            project.directories_listed.0, project.directories_listed.1
        ));
        Ok((project, warnings))
    }

    /// Like [`ProjectArgs::load`], the declarations read from the files `extract` wrote instead
    /// of scanned from the sources (none given: scanned).
    pub(crate) fn load_declared(
        &self,
        files: &[PathBuf],
        report: &mut Report,
    ) -> Result<(Project, Vec<Diagnostic>), Error> {
        if files.is_empty() {
            return self.load(report);
        }
        let mut declarations = Vec::new();
        for file in files {
            declarations.extend(Extracted::read(file)?.declarations);
        }
        let (mut project, warnings) =
            Project::load_declared(self.manifest_path.as_deref(), &self.graph(), declarations)?;
        report.adopt(&mut project);
        Ok((project, warnings))
    }
}
