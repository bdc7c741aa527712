//! Progress of a long table read, on stderr: an indicatif bar when stderr is a terminal, plain
//! lines when it is not (a log, CI), and nothing for tables read in under two seconds (the
//! default of the hidden `--progress-after`).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How often a plain line is printed after the first.
const EVERY: Duration = Duration::from_secs(10);

pub struct TableProgress {
    name: String,
    total: Option<u64>,
    started: Instant,
    next_line: Instant,
    bar: Option<indicatif::ProgressBar>,
    terminal: bool,
}

impl TableProgress {
    /// Progress of the table `name` of `total` bytes, shown once reading has taken `first`.
    pub fn new(name: &str, total: Option<u64>, first: Duration) -> TableProgress {
        let now = Instant::now();
        TableProgress {
            name: name.to_string(),
            total,
            started: now,
            next_line: now + first,
            bar: None,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Rows and bytes read so far.
    pub fn update(&mut self, rows: u64, bytes: u64) {
        let now = Instant::now();
        if now < self.next_line && self.bar.is_none() {
            return;
        }
        if self.terminal {
            let bar = self.bar.get_or_insert_with(|| {
                let bar = match self.total {
                    Some(t) => indicatif::ProgressBar::new(t),
                    None => indicatif::ProgressBar::new_spinner(),
                };
                let style = indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
                bar.set_style(style);
                bar
            });
            bar.set_message(format!("{}: {rows} rows", self.name));
            bar.set_position(bytes);
        } else {
            let share = self
                .total
                .filter(|t| *t > 0)
                .map(|t| format!(" ({:.0}%)", 100.0 * bytes as f64 / t as f64))
                .unwrap_or_default();
            say!(
                "diplomap: {}: {rows} rows read{share}, {:.0} s",
                self.name,
                self.started.elapsed().as_secs_f64()
            );
            self.next_line = now + EVERY;
        }
    }
}

impl Drop for TableProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl crate::build::Progress for TableProgress {
    fn update(&mut self, rows: u64, bytes: u64) {
        TableProgress::update(self, rows, bytes);
    }
}
