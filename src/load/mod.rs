//! Loading: which files are definitions (`names`, `discover`, `walk`), the configuration that applies to
//! each (`config`), their bytes (`source`) and their YAML tree with spans (`yaml`).

pub mod config;
pub mod discover;
pub mod names;
pub mod source;
pub mod walk;
pub mod yaml;
