//! dpmlint: a validator and linter for NEC WebSAM DeploymentManager package definitions.

pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod evidence;
pub mod fix;
pub mod i18n;
pub mod init;
pub mod linter;
pub mod load;
pub mod model;
pub mod platform;
pub mod report;
pub mod rules;
pub mod server;
pub mod suggest;
