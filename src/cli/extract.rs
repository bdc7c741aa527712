//! `diplomap extract`: a news article in, a draft scenario out (TOML that `build` accepts, or
//! JSON with `--json`). With `--batch`, many articles: a folder of `.txt` files or a JSON-lines
//! stream of `{"id", "text", "date"}`, one JSON line out per article.
//!
//! Input must be UTF-8 text of at most [`MAX_BYTES`]; empty text, binary data and larger files
//! are refused with the reason. Text with no places gives a draft with no events and a warning.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use super::{Outcome, UsageError};
use crate::extract::{draft, extract};
use crate::gazetteer::Gazetteer;

pub const EXAMPLES: &str = "Examples:
  diplomap extract story.txt --date 2024-07-09 > story.toml && diplomap build story.toml
  curl -s https://example.org/story.txt | diplomap extract - --json
  diplomap extract --batch articles/ --json > found.jsonl
  diplomap extract --batch articles.jsonl > found.jsonl";

/// The largest article accepted, in bytes: some 600,000 words, a hundred times a long feature
/// story (a 4 MiB article takes about a second and 200 MB; more is not one article).
pub const MAX_BYTES: usize = 4 << 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article: a UTF-8 text file, or `-` for stdin. With --batch, a folder of .txt files
    /// or a JSON-lines file (`-`: stdin) of {"id", "text", "date"} objects.
    #[arg(value_name = "ARTICLE")]
    pub article: String,
    /// The article's publication date (YYYY-MM-DD), which "on Tuesday" or "last week" count
    /// from.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// One JSON object of mentions, events and warnings instead of a TOML draft.
    #[arg(long)]
    pub json: bool,
    /// Many articles, one JSON line out each.
    #[arg(long)]
    pub batch: bool,
}

fn parse_date(text: &str) -> Result<NaiveDate, UsageError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        UsageError(format!(
            "invalid --date '{text}'; hint: the publication date as YYYY-MM-DD, such as 2024-07-09"
        ))
    })
}

/// Check an article's bytes and return its text.
fn article_text(bytes: Vec<u8>, name: &str) -> anyhow::Result<String> {
    if bytes.len() > MAX_BYTES {
        let size = std::fs::metadata(name).map_or_else(
            |_| format!("more than {MAX_BYTES} bytes"),
            |m| format!("{} bytes", m.len()),
        );
        anyhow::bail!(
            "{name}: {size} is too long for an article (at most {MAX_BYTES} bytes, 4 MiB); hint: split it, or give one article per line with --batch"
        );
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        anyhow::bail!(
            "{name}: binary data (a NUL byte at byte {at}); hint: give the article as UTF-8 text"
        );
    }
    let text = crate::input::text(bytes, name)?;
    if text.trim().is_empty() {
        anyhow::bail!("{name}: the article is empty; hint: give the text of a news story");
    }
    Ok(text)
}

fn read_input(path: &str) -> anyhow::Result<Vec<u8>> {
    crate::input::bytes(path, "article", Some(MAX_BYTES))
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    let published = args.date.as_deref().map(parse_date).transpose()?;
    if args.batch {
        return batch(&args, published, gazetteer);
    }
    let name = &crate::input::name(&args.article);
    let text = article_text(read_input(&args.article)?, name)?;
    let gaz = Gazetteer::load(gazetteer)?;
    let found = extract(&text, &gaz, published);
    for w in &found.warnings {
        say!("diplomap: warning: {name}: {w}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        draft::write_json(&mut out, None, &found, &gaz)?;
    } else {
        out.write_all(draft::toml(&found, &text, name, &gaz).as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

/// One article of a batch: its id, its text (or why it has none) and its date.
struct Item {
    id: String,
    text: anyhow::Result<String>,
    date: Option<NaiveDate>,
}

fn batch(
    args: &Args,
    published: Option<NaiveDate>,
    gazetteer: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let path = PathBuf::from(&args.article);
    let items: Vec<Item> = if args.article != "-" && path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .with_context(|| format!("cannot read folder '{}'", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|f| {
                let id = f
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                let text = crate::input::file_bytes(&f, "article", Some(MAX_BYTES))
                    .and_then(|b| article_text(b, &f.display().to_string()));
                Item {
                    id,
                    text,
                    date: published,
                }
            })
            .collect()
    } else {
        let (text, name) = crate::input::read(&args.article, "batch of articles")?;
        let mut items = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{name}:{}", n + 1);
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                UsageError(format!("{at}: not a JSON object ({e}); hint: one {{\"id\", \"text\", \"date\"}} object per line"))
            })?;
            let id = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => (n + 1).to_string(),
                other => other.to_string(),
            };
            let text = match v["text"].as_str() {
                Some(t) => article_text(t.as_bytes().to_vec(), &at),
                None => Err(anyhow::anyhow!("{at}: no \"text\" string")),
            };
            let date = match v["date"].as_str() {
                Some(d) => Some(parse_date(d).map_err(|e| UsageError(format!("{at}: {e}")))?),
                None => published,
            };
            items.push(Item { id, text, date });
        }
        items
    };
    let gaz = Gazetteer::load(gazetteer)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for item in items {
        match &item.text {
            Ok(text) => {
                let found = extract(text, &gaz, item.date);
                draft::write_json(&mut out, Some(&item.id), &found, &gaz)?;
            }
            Err(e) => {
                failed = true;
                say!("diplomap: error: {e:#}");
                let line = serde_json::json!({ "id": item.id, "error": format!("{e:#}") });
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}
