//! The audit log: who changed what and when, before and after, chained by SHA-256 so that an
//! edited, removed or reordered entry is detected.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// A whole dataset added at once; `detail` says what it held.
    Import,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: Action,
    /// The kind of record changed (plural name), when one record was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The hash of the entry before this one ("" for the first).
    pub prev_hash: String,
    /// SHA-256 of this entry with `hash` empty, hex.
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry should carry.
    pub fn compute_hash(&self) -> String {
        let mut body = self.clone();
        body.hash = String::new();
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        hex::encode(Sha256::digest(&bytes))
    }

    pub fn seal(mut self) -> AuditEntry {
        self.hash = self.compute_hash();
        self
    }
}

/// The last entry's sequence number and hash, kept in the meta tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    pub hash: String,
}

/// Checks a chain of entries read in key order; returns what is wrong with it.
pub fn check_chain(entries: &[(u64, Result<AuditEntry, String>)], head: &AuditHead) -> Vec<String> {
    let mut problems = Vec::new();
    let mut expected_seq = 1u64;
    let mut prev_hash = String::new();
    for (key_seq, entry) in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(reason) => {
                problems.push(format!("audit entry {key_seq} cannot be read ({reason})"));
                expected_seq = key_seq + 1;
                prev_hash = String::from("?");
                continue;
            }
        };
        if *key_seq != expected_seq {
            problems.push(format!(
                "audit entries {expected_seq}–{} are missing: the log has been cut",
                key_seq.saturating_sub(1)
            ));
        }
        if entry.seq != *key_seq {
            problems
                .push(format!("audit entry stored at {key_seq} says it is number {}: it has been moved", entry.seq));
        }
        if entry.hash != entry.compute_hash() {
            problems.push(format!(
                "audit entry {key_seq} ({} by {} at {}) has been altered: its hash does not match its content",
                action_word(entry.action),
                entry.actor,
                entry.at
            ));
        }
        if prev_hash != "?" && entry.prev_hash != prev_hash {
            problems.push(format!("audit entry {key_seq} does not follow from the entry before it: an entry before it was altered or removed"));
        }
        prev_hash = entry.hash.clone();
        expected_seq = key_seq + 1;
    }
    let last = expected_seq - 1;
    if last != head.seq {
        if last < head.seq {
            problems.push(format!(
                "the audit log ends at entry {last}, but {} entries were written: the latest have been removed",
                head.seq
            ));
        } else {
            problems.push(format!(
                "the audit log holds {last} entries, but only {} were written through TenderDesk",
                head.seq
            ));
        }
    } else if head.seq > 0 && prev_hash != head.hash && prev_hash != "?" {
        problems.push(format!("the last audit entry ({last}) is not the one TenderDesk wrote"));
    }
    problems
}

fn action_word(a: Action) -> &'static str {
    match a {
        Action::Create => "creation",
        Action::Update => "change",
        Action::Delete => "deletion",
        Action::Import => "import",
    }
}
