//! dpmlint: a validator and linter for NEC WebSAM DeploymentManager package definitions.

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod evidence;
pub mod filekind;
pub mod fix;
pub mod i18n;
pub mod init;
pub mod inspect;
pub mod installer_name;
pub mod linter;
pub mod model;
pub mod names;
pub mod pe;
pub mod platform;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod suggest;
pub mod suppression;
pub mod winpath;
pub mod yaml;
