//! wing-coupons server: Coupang's seller coupon API, wire-exact, on SQLite.
//!
//! Layout: [`domain`] holds the pure rules, [`store`] the storage trait and its backends,
//! [`engine`] the async request processing, [`http`] the routes, [`auth`] CEA verification and
//! [`error`] the one mapping from errors to the wire. [`startup::start`] puts them together.

pub mod auth;
pub mod clock;
pub mod config;
pub mod domain;
pub mod engine;
pub mod error;
pub mod http;
pub mod seed;
pub mod startup;
pub mod state;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
