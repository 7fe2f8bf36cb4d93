//! The clock the runner reads: monotonic, optionally sped up for tests.

use std::time::{Duration, Instant};

/// Monotonic time since the session began, in session seconds.
pub trait Clock {
    fn now(&self) -> Duration;
    /// Converts a session duration to the real time to wait for it.
    fn real(&self, session: Duration) -> Duration;
}

/// `Instant`-based; `scale` > 1 makes a session run faster than real time
/// (set with the hidden `--time-scale` or `BACKRELIEF_TIME_SCALE`).
pub struct SystemClock {
    origin: Instant,
    scale: f64,
}

impl SystemClock {
    pub fn new(scale: f64) -> SystemClock {
        SystemClock {
            origin: Instant::now(),
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed().mul_f64(self.scale)
    }
    fn real(&self, session: Duration) -> Duration {
        session.div_f64(self.scale)
    }
}

/// The speed-up asked for in the environment, if any.
pub fn scale_from_env() -> f64 {
    std::env::var("BACKRELIEF_TIME_SCALE")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0)
}
