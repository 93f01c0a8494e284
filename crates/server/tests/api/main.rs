//! Integration tests: the real server, in-process on 127.0.0.1 port 0, spoken to over real
//! signed HTTP. This binary runs them on SQLite (a temporary file per test); `api_postgres.rs`
//! runs the same files on PostgreSQL. One binary per backend, so each links once.

use wing_server::testing::Backend;

pub const BACKEND: Backend = Backend::Sqlite;

mod helpers;

mod auth;
mod bad_input;
mod contracts;
mod coupons;
mod download;
mod items;
mod race;
mod validation;
