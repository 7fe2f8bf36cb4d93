//! The one place that reads real time. Everything below the command layer
//! is given the date and time it needs, so plans, sheets, progress and
//! history are the same on every machine and every day a test runs.
//!
//! Two clocks live here: the wall clock (`Clock`: today's date, session
//! start and end) and the session clock (`Monotonic`: drift-free timers).

use chrono::{DateTime, Datelike, Duration as Days, FixedOffset, NaiveDate};
use std::time::{Duration, Instant};

/// The earliest and latest dates `--today` accepts: history ids, charts and
/// sheets format years as four digits and count days from 1970.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 9999;

/// The wall clock, read once per command. `pinned` replaces today's date
/// (the hidden `--today`, env `BACKRELIEF_TODAY`) while keeping the real
/// time of day, so durations stay real and ids stay unique. The pinned day
/// is counted from the real date once, when the command starts: a command
/// that runs past midnight goes on into the day after the pinned one, as
/// it would without a pin (counted again at every reading, a session ended
/// "before" it started).
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pinned: Option<NaiveDate>,
    /// Added to the real time: the days from the real date to `pinned`.
    shift: Days,
}

impl Clock {
    pub fn new(pinned: Option<NaiveDate>) -> Clock {
        Clock::counted_from(pinned, chrono::Local::now().date_naive())
    }

    /// `pinned` counted from `real_today`.
    fn counted_from(pinned: Option<NaiveDate>, real_today: NaiveDate) -> Clock {
        Clock {
            pinned,
            shift: pinned.map_or(Days::zero(), |day| day - real_today),
        }
    }

    /// The date plans, sheets and progress are made for.
    pub fn today(&self) -> NaiveDate {
        self.pinned.unwrap_or_else(|| self.now().date_naive())
    }

    /// Now, in local time, on the pinned date if there is one.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.moved(chrono::Local::now().fixed_offset())
    }

    fn moved(&self, real: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        real + self.shift
    }
}

/// Parses `--today`: an ISO date within `FIRST_YEAR..=LAST_YEAR`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date = text
        .trim()
        .parse::<NaiveDate>()
        .map_err(|e| format!("'{text}' is not a date like 2026-11-26 ({e})"))?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(format!(
            "'{text}' is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        ));
    }
    Ok(date)
}

/// Monotonic time since the session began, in session seconds.
pub trait SessionClock {
    fn now(&self) -> Duration;
    /// Converts a session duration to the real time to wait for it.
    fn real(&self, session: Duration) -> Duration;
}

/// Session time that passes only when the runner waits, and at once, to
/// what it waits for: every deadline is met exactly, in order, however busy
/// the machine. A test seam (`BACKRELIEF_TEST_STEPPED_TIME`, see
/// `runner::run`), so a test of what is said hears every cue, which a real
/// clock running late rightly skips (a late "three" is worse than none).
#[derive(Default)]
pub struct Stepped {
    now: std::cell::Cell<Duration>,
}

impl SessionClock for Stepped {
    fn now(&self) -> Duration {
        self.now.get()
    }

    /// No real time: the session time waited for has passed.
    fn real(&self, session: Duration) -> Duration {
        self.now.set(self.now.get().saturating_add(session));
        Duration::ZERO
    }
}

/// `Instant`-based; `scale` > 1 makes a session run faster than real time
/// (set with the hidden `--time-scale` or `BACKRELIEF_TIME_SCALE`).
pub struct Monotonic {
    origin: Instant,
    scale: f64,
}

impl Monotonic {
    pub fn new(scale: f64) -> Monotonic {
        Monotonic {
            origin: Instant::now(),
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
        }
    }
}

impl SessionClock for Monotonic {
    fn now(&self) -> Duration {
        self.origin.elapsed().mul_f64(self.scale)
    }
    fn real(&self, session: Duration) -> Duration {
        session.div_f64(self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_gives_the_pinned_date_and_a_real_time_of_day() {
        let day = NaiveDate::from_ymd_opt(2030, 2, 28).unwrap();
        let clock = Clock::new(Some(day));
        assert_eq!(clock.today(), day);
        let a = clock.now();
        let b = clock.now();
        assert!(b >= a, "time moves forward on a pinned day");
    }

    #[test]
    fn a_pinned_day_runs_on_past_midnight_in_order() {
        let day = NaiveDate::from_ymd_opt(2030, 2, 28).unwrap();
        let real = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let clock = Clock::counted_from(Some(day), real);
        let at = |d: NaiveDate, h, m, s| d.and_hms_opt(h, m, s).unwrap().and_utc().fixed_offset();
        let before = clock.moved(at(real, 23, 59, 59));
        let after = clock.moved(at(real.succ_opt().unwrap(), 0, 0, 5));
        assert_eq!(before.date_naive(), day);
        assert_eq!(after - before, Days::seconds(6), "durations stay real");
        assert_eq!(clock.today(), day, "today stays the pinned day");
    }

    #[test]
    fn stepped_time_moves_only_by_what_is_waited_for() {
        let clock = Stepped::default();
        assert_eq!(clock.now(), Duration::ZERO);
        assert_eq!(clock.real(Duration::from_millis(1500)), Duration::ZERO);
        assert_eq!(clock.now(), Duration::from_millis(1500));
        assert_eq!(
            clock.now(),
            Duration::from_millis(1500),
            "reading is not waiting"
        );
        clock.real(Duration::MAX);
        assert_eq!(clock.now(), Duration::MAX, "never overflows");
    }

    #[test]
    fn dates_outside_the_supported_years_are_refused() {
        assert!(parse_date("1970-01-01").is_ok());
        assert!(parse_date("9999-12-31").is_ok());
        for bad in [
            "1969-12-31",
            "+262142-12-31",
            "-262143-01-01",
            "10000-01-01",
            "soon",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
