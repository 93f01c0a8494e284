//! Domain time. Coupon status (STANDBY → APPLIED → EXPIRED) follows this clock; a sandbox can
//! freeze or move it. Signature freshness does not: it is checked against the wall clock, since
//! clients sign with theirs.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Korean wall-clock time, the zone of every timestamp in Coupang's bodies.
    fn now_kst(&self) -> NaiveDateTime {
        wing_wire::time::to_kst(self.now())
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to. Used by tests, and by the sandbox's virtual clock.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
