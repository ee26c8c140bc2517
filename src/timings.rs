//! Where a build's time and memory go, stage by stage: printed to stderr when
//! `PLACARD_TIMINGS=1` is set (docs/performance.md), nothing otherwise.

use std::sync::Mutex;
use std::time::Instant;

/// A stopwatch for one function's stages; each `lap` prints the time since the last.
pub(crate) struct Timings {
    what: &'static str,
    last: Option<Mutex<Instant>>,
}

impl Timings {
    /// On when `PLACARD_TIMINGS` is set to anything but `0` or nothing.
    pub(crate) fn from_env(what: &'static str) -> Timings {
        let on = std::env::var_os("PLACARD_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        Timings {
            what,
            last: on.then(|| Mutex::new(Instant::now())),
        }
    }

    /// Prints how long `stage` took (since the previous lap) and the memory in use.
    pub(crate) fn lap(&self, stage: &str) {
        let Some(last) = &self.last else { return };
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let elapsed = now.duration_since(*last);
        *last = now;
        let memory = memory_mib().map_or(String::new(), |(now, peak)| {
            format!("  memory {now:>5} MiB, peak {peak:>5} MiB")
        });
        eprintln!(
            "timing {:<8} {stage:<22} {:>7.3} s{memory}",
            self.what,
            elapsed.as_secs_f64()
        );
    }
}

impl Timings {
    /// Prints how long `stage` took, measured by the caller (one of several
    /// running at once, such as one kind of output).
    pub(crate) fn took(&self, stage: &str, elapsed: std::time::Duration) {
        if self.last.is_some() {
            eprintln!(
                "timing {:<8} {stage:<22} {:>7.3} s",
                self.what,
                elapsed.as_secs_f64()
            );
        }
    }
}

/// The process's resident memory now and at its peak (Linux: VmRSS, VmHWM), in MiB.
fn memory_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
