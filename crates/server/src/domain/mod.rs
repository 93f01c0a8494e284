//! Pure rules: how bodies become commands, what each check says on the wire, how requests end.
//! No I/O here.

pub mod download;
pub mod fields;
pub mod ids;
pub mod instant;
pub mod joda;
pub mod lang;
pub mod messages;
pub mod paging;
