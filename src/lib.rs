//! dpmlint: a validator and linter for NEC WebSAM DeploymentManager package definitions.

pub mod i18n;
pub mod inspect;
pub mod pe;
