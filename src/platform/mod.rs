//! What differs between Windows and the other systems, kept in one place: how file names are
//! compared and spelled ([`paths`]), the console ([`console`]), opening a file that must be regular without blocking
//! ([`open`]), and rewriting a file in place
//! ([`replace`]). The rest of dpmlint is the same code everywhere.

pub mod console;
pub mod open;
pub mod paths;
pub mod replace;
