//! `aliyun-live-codegen`: the spec model, its loader/validator, and the Rust
//! code generator behind `cargo xtask gen`.
//!
//! Pipeline: `spec/*.json` → [`load`] (all errors at once) → [`model::Spec`]
//! → intermediate model → tokens (`quote!`) → prettyplease → files.

pub mod diff;
#[cfg(feature = "emit")]
pub mod emit;
#[cfg(feature = "emit")]
pub mod fresh;
pub mod import;
#[cfg(feature = "emit")]
pub mod ir;
pub mod load;
pub mod model;
pub mod write;

#[cfg(feature = "emit")]
pub use emit::{GeneratedFile, generate};
pub use load::{SpecError, load_file, parse};
pub use model::Spec;
pub use write::to_json;
