//! What differs between Windows and the other systems, kept in one place: how file names are
//! compared and spelled ([`paths`]), the console ([`console`]), and rewriting a file in place
//! ([`replace`]). The rest of dpmlint is the same code everywhere.

pub mod console;
pub mod paths;
pub mod replace;
