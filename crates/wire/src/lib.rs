//! Types on the wire of Coupang's seller coupon API ("WING API"), shared by the server and the client.
//!
//! Nothing here does I/O. The server serialises these types and the client deserialises them, so
//! every type tolerates the variants that the spec (`docs/API.md`) says appear in the field
//! (numbers as strings, `wowExclusive` as a string, `99` vs `99.0`) and emits the canonical form.

#[macro_use]
mod macros;

pub mod cea;
pub mod download;
pub mod fms;
pub mod gateway;
pub mod lenient;
pub mod time;

/// The `Content-Type` Coupang puts on every response. One popular client treats a response without
/// the charset as a failure and resends the request, so the server must send exactly this.
pub const CONTENT_TYPE_JSON: &str = "application/json;charset=UTF-8";
