//! dpmlint: a validator and linter for NEC WebSAM DeploymentManager package definitions.

pub mod diagnostic;
pub mod i18n;
pub mod model;
pub mod rules;
pub mod source;
pub mod yaml;
