//! Problems found in a scenario, each tied to where it was written. A scenario is checked as a
//! whole and every problem is reported, not only the first, so one edit-and-rerun fixes them all.

use super::Origin;

/// One problem: where, and what (the message carries the value and a hint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub origin: Origin,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Every problem found in one pass, in the order of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl std::fmt::Display for Diagnostics {
    /// One problem as itself; several as a count, then one indented line each.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for d in many {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
        }
    }
}

impl Diagnostics {
    pub fn push(&mut self, origin: &Origin, message: impl Into<String>) {
        self.0.push(Diagnostic {
            origin: origin.clone(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sort by file position (stable), so messages read top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.origin.line, a.origin.column).cmp(&(b.origin.line, b.origin.column))
        });
    }

    /// `Ok(())` when empty, otherwise these diagnostics as the error.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            self.sort();
            Err(self)
        }
    }
}
