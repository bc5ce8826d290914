//! `cargo xtask import`: bring actions into the spec from Alibaba Cloud's
//! ApiDocs metadata (see `aliyun_live_codegen::import`).
//!
//! New actions are merged into the spec (sorted, canonical form, validated
//! before anything is written); actions the spec already has are kept as
//! they are and compared with the metadata in the report, except that
//! `--refresh-imported` converts earlier imports again and replaces them.

use std::fs;
use std::path::{Path, PathBuf};

use aliyun_live_codegen::import::{self, ApiDocs, Selection};
use aliyun_live_codegen::{load_file, to_json};

/// The spec, relative to the workspace root.
const SPEC_PATH: &str = "spec/live-2016-11-01.json";
/// The 2018 API reference, relative to the workspace root.
const SEED_PATH: &str = "../shared/seed/000_90abb04a9a170136.txt";

#[derive(clap::Args)]
#[command(group(
    clap::ArgGroup::new("selection")
        .required(true)
        .args(["actions", "group", "named_in_seed"])
))]
pub struct ImportArgs {
    /// The vendor's ApiDocs JSON (e.g. ../shared/reference/live-2016-11-01.api-docs.json).
    #[arg(long)]
    pub from: PathBuf,
    /// Import these actions (comma-separated metadata names).
    #[arg(long, value_delimiter = ',')]
    pub actions: Vec<String>,
    /// Import every action of the metadata directory with this title (e.g. 直播截图).
    #[arg(long)]
    pub group: Option<String>,
    /// Import every action the seed names (chapter 1 tables and chapters 4–8).
    #[arg(long)]
    pub named_in_seed: bool,
    /// The seed text (default: ../shared/seed/000_90abb04a9a170136.txt from the workspace root).
    #[arg(long)]
    pub seed: Option<PathBuf>,
    /// The spec to merge into (default: spec/live-2016-11-01.json).
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// Write nothing; fail if the metadata differs from actions already in
    /// the spec in ways no note of the action acknowledges.
    #[arg(long)]
    pub check: bool,
    /// Convert the selected actions that an earlier import added (`source`
    /// starting with `vendor metadata`) again and replace them, so that
    /// changes to the conversion reach the spec; hand-transcribed actions
    /// are still only compared, never overwritten.
    #[arg(long)]
    pub refresh_imported: bool,
    /// Write nothing; only print the report.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(root: &Path, args: &ImportArgs) -> Result<(), String> {
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join(SPEC_PATH));
    let spec = load_file(&spec_path).map_err(|errs| {
        let lines: Vec<String> = errs.iter().map(|e| format!("  {e}")).collect();
        format!(
            "xtask import: {} does not load:\n{}",
            spec_path.display(),
            lines.join("\n")
        )
    })?;
    let text = fs::read_to_string(&args.from)
        .map_err(|e| format!("xtask import: cannot read {}: {e}", args.from.display()))?;
    let docs =
        ApiDocs::parse(&text).map_err(|e| format!("xtask import: {}: {e}", args.from.display()))?;
    let selection = if args.named_in_seed {
        let seed_path = args.seed.clone().unwrap_or_else(|| root.join(SEED_PATH));
        let seed_text = fs::read_to_string(&seed_path)
            .map_err(|e| format!("xtask import: cannot read {}: {e}", seed_path.display()))?;
        Selection::NamedInSeed(import::seed::parse(&seed_text))
    } else if let Some(title) = &args.group {
        Selection::Group(title.clone())
    } else {
        Selection::Actions(args.actions.clone())
    };
    let options = import::Options {
        refresh_imported: args.refresh_imported,
    };
    let report = import::import_with(&spec, &docs, &selection, options).map_err(|errs| {
        let lines: Vec<String> = errs.iter().map(|e| format!("  {e}")).collect();
        format!(
            "xtask import: nothing written; {} problem(s):\n{}",
            errs.len(),
            lines.join("\n")
        )
    })?;
    print!("{}", report.render());

    if args.check {
        let open = report.unacknowledged();
        return if open == 0 {
            Ok(())
        } else {
            Err(format!(
                "xtask import --check: {open} difference(s) from the vendor metadata are not acknowledged in the actions' notes (marked `!` above)"
            ))
        };
    }
    if args.dry_run {
        println!("(dry run: {} not written)", spec_path.display());
        return Ok(());
    }
    let out = to_json(&report.spec);
    let before = fs::read_to_string(&spec_path).unwrap_or_default();
    if out == before {
        println!("{} unchanged", spec_path.display());
        return Ok(());
    }
    // Write next to the target and rename, so a failure never leaves a
    // half-written spec.
    let tmp = spec_path.with_extension("json.import-tmp");
    fs::write(&tmp, &out)
        .map_err(|e| format!("xtask import: cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, &spec_path)
        .map_err(|e| format!("xtask import: cannot replace {}: {e}", spec_path.display()))?;
    println!("wrote {}", spec_path.display());
    Ok(())
}
