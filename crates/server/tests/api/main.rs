//! Integration tests: the real server, in-process on 127.0.0.1 port 0 with a temporary SQLite
//! file, spoken to over real signed HTTP. One test binary, so the suite links once.

mod helpers;

mod auth;
mod bad_input;
mod contracts;
mod coupons;
mod download;
mod items;
mod race;
mod validation;
