//! Identifiers minted by the server.

use rand::Rng;

/// A new `requestedId`: Coupang's are decimal strings of up to 21 digits that overflow `u64`, so
/// ours stay strings too. Epoch millis then six random digits (19 digits): ordered by time, and
/// unique across nodes without coordination (the store's primary key catches the rare clash).
pub fn new_requested_id(epoch_millis: i64) -> String {
    let suffix: u32 = rand::thread_rng().gen_range(0..1_000_000);
    format!("{epoch_millis}{suffix:06}")
}

/// A `requestedId` as a client may put it in a path: only digits, at most 21 of them.
pub fn is_requested_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 21 && s.bytes().all(|b| b.is_ascii_digit())
}
