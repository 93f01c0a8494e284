//! The integration suite of `api/`, the same files, on PostgreSQL: each test gets a schema of its
//! own in the database named by `WING_TEST_POSTGRES_URL`, and its snapshots must match the
//! SQLite run's byte for byte. Without that variable every test here is skipped, and the binary
//! says so.

use wing_server::testing::Backend;

pub const BACKEND: Backend = Backend::Postgres;

#[path = "api/helpers.rs"]
mod helpers;

#[path = "api/auth.rs"]
mod auth;
#[path = "api/bad_input.rs"]
mod bad_input;
#[path = "api/contracts.rs"]
mod contracts;
#[path = "api/coupons.rs"]
mod coupons;
#[path = "api/download.rs"]
mod download;
#[path = "api/items.rs"]
mod items;
#[path = "api/race.rs"]
mod race;
#[path = "api/validation.rs"]
mod validation;
