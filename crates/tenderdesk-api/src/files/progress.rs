//! Progress as the window shows it: thinned to a few reports a second, with counts and sizes in
//! words an officer reads ("12,408 records read (3.2 MB of 9.8 MB)").

use std::time::{Duration, Instant};

use super::Progress;

/// The least time between two progress reports passed on: a few a second are enough for a bar.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// A progress sink that passes on the first report, the last, and in between one every
/// [`PROGRESS_INTERVAL`] at most.
pub struct Throttled<'a> {
    sink: &'a mut dyn FnMut(Progress),
    last_sent: Option<Instant>,
}

impl<'a> Throttled<'a> {
    pub fn new(sink: &'a mut dyn FnMut(Progress)) -> Throttled<'a> {
        Throttled { sink, last_sent: None }
    }

    /// Passes `progress` on if it is the first, `last`, or the interval has passed since the one
    /// passed on before.
    pub fn send(&mut self, progress: Progress, last: bool) {
        if last || self.last_sent.is_none_or(|at| at.elapsed() >= PROGRESS_INTERVAL) {
            self.last_sent = Some(Instant::now());
            (self.sink)(progress);
        }
    }
}

/// A progress sink that drops every report (where nobody watches).
pub fn ignore_progress(_: Progress) {}

/// 12408 → "12,408".
pub fn thousands(n: u64) -> String {
    tenderdesk_market::fmt::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A size in kilobytes, rounded up: "3 KB".
pub fn kilobytes(n: u64) -> String {
    format!("{} KB", n.div_ceil(1024))
}

/// A size as "812 KB" below a megabyte (rounded up), else "3.2 MB".
pub fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        kilobytes(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_408), "12,408");
        assert_eq!(thousands(1_204_000), "1,204,000");
    }

    #[test]
    fn sizes_are_kilobytes_rounded_up_then_megabytes() {
        assert_eq!(human_bytes(1), "1 KB");
        assert_eq!(human_bytes(1025), "2 KB");
        assert_eq!(human_bytes(3 << 20), "3.0 MB");
    }

    #[test]
    fn the_first_and_the_last_report_are_always_passed_on() {
        let mut seen = Vec::new();
        {
            let mut sink = |p: Progress| seen.push(p.done);
            let mut t = Throttled::new(&mut sink);
            for done in 0..1000 {
                t.send(Progress { done, total: 1000, message: String::new() }, done == 999);
            }
        }
        assert_eq!(seen.first(), Some(&0));
        assert_eq!(seen.last(), Some(&999));
    }
}
