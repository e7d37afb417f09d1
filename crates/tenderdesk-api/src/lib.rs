//! TenderDesk's use cases: the one API that both the window (`src-tauri/`) and the command line
//! (`tenderdesk-cli`) call. Neither holds business logic; tests call these functions directly.
//!
//! This crate knows nothing of Tauri, clap or printing; it turns requests into store changes and
//! records into views.

pub mod backup;
pub mod bindings;
pub mod calendar;
pub mod coded;
pub mod codegen;
pub mod dataset_io;
pub mod dev;
pub mod error;
pub mod files;
pub mod forms;
pub mod lists;
pub mod market;
pub mod opendata;
pub mod reports;
pub mod rounds;
pub mod screens;
pub mod seal;
pub mod views;

use std::path::{Path, PathBuf};

use tenderdesk_domain::*;
use tenderdesk_store::{ChangeSet, Store, VerifyReport};

pub use coded::Coded;
pub use error::{ApiError, ErrorCode, ErrorDto, ProblemDto, Result};
pub use seal::ExportScope;
pub use tenderdesk_store::{Action, AuditEntry, StoreError};
pub use views::{ArrangementSummary, HistoryLine, RecordSummary, Shown};

/// The built-in demo data set, in the dataset format (`crates/tenderdesk-api/demo/demo.json`).
pub const DEMO_JSON: &str = include_str!("../demo/demo.json");

/// Where to open the store, and whom to name in the audit log.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Folder of the store; None means `TENDERDESK_DATA_DIR` or the platform data directory.
    pub data_dir: Option<PathBuf>,
    /// Name recorded in the audit log; None means the OS user.
    pub actor: Option<String>,
}

/// What an import added.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub records: usize,
    pub counts: Vec<(Kind, usize)>,
    pub sha256: String,
}

/// The platform's data directory for TenderDesk (`~/.local/share/tenderdesk` on Linux).
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("TENDERDESK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("uk", "TenderDesk", "tenderdesk")
        .map(|d| d.data_dir().to_owned())
        .ok_or_else(|| ApiError::NoDataDir("this system has no home directory".into()))
}

/// The OS user's name, for the audit log: from the environment, else the system's account name.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| whoami::username().ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown user".to_owned())
}

/// An instant as officers read it: UK local time, with GMT or BST said ("23 Nov 2026 10:34 GMT").
pub fn uk_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::London).format("%-d %b %Y %H:%M %Z").to_string()
}

/// An open TenderDesk store and the use cases over it.
pub struct Api {
    store: Store,
}

impl Api {
    pub fn open(options: OpenOptions) -> Result<Api> {
        let dir = match options.data_dir {
            Some(d) => d,
            None => default_data_dir()?,
        };
        let actor = options.actor.filter(|a| !a.trim().is_empty()).unwrap_or_else(os_user);
        Ok(Api { store: Store::open(&dir, &actor)? })
    }

    pub fn data_dir(&self) -> &Path {
        self.store.path()
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Loads the demo data set into an empty store.
    pub fn load_demo(&self) -> Result<ImportSummary> {
        if !self.store.is_empty()? {
            return Err(ApiError::NotEmpty);
        }
        self.import_bytes(DEMO_JSON.as_bytes(), "the built-in demo data set")
    }

    /// Loads the demo data set when the store holds nothing; says whether it did.
    pub fn load_demo_if_empty(&self) -> Result<bool> {
        if self.store.is_empty()? {
            self.load_demo()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Adds every record of a dataset document, or none of them.
    /// The file is read record by record into the store (`dataset_io::parse_into`), never held
    /// parsed whole; a refused or unreadable file leaves nothing stored.
    pub fn import_bytes(&self, bytes: &[u8], source_name: &str) -> Result<ImportSummary> {
        self.import_bytes_with_progress(bytes, source_name, &mut |_| {})
    }

    /// As [`Api::import_bytes`], telling `on_progress` how many records and bytes have been read
    /// as the file is read (every [`dataset_io::PROGRESS_EVERY`] records, and once at the end with
    /// every record), for a progress bar.
    pub fn import_bytes_with_progress(
        &self,
        bytes: &[u8],
        source_name: &str,
        on_progress: &mut dyn FnMut(dataset_io::ImportProgress),
    ) -> Result<ImportSummary> {
        let mut import = self.store.begin_import()?;
        // The file's SHA-256, for the audit entry, is worked out beside the reading.
        let (sha256, read) = std::thread::scope(|scope| {
            let hashing = scope.spawn(|| dataset_io::sha256_hex(bytes));
            let read = dataset_io::parse_into_with_progress(bytes, source_name, &mut import, on_progress);
            (hashing.join(), read)
        });
        read?;
        let sha256 = sha256.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let counts = import.counts();
        let records = counts.iter().map(|(_, n)| n).sum();
        import.finish(&format!("imported {records} records from {source_name} (sha256 {sha256})"))?;
        Ok(ImportSummary { records, counts, sha256 })
    }

    pub fn import_file(&self, path: &Path) -> Result<ImportSummary> {
        self.import_bytes(&read_file(path)?, &path.display().to_string())
    }

    /// The whole store as the dataset an export writes: the bids of rounds not yet opened keep
    /// their prices only in [`ExportScope::IncludingSealed`] (a full backup).
    pub fn export_dataset(&self, scope: ExportScope) -> Result<Dataset> {
        let mut ds = self.store.export()?;
        if scope == ExportScope::SealedWithheld {
            seal::redact_dataset(&mut ds);
        }
        Ok(ds)
    }

    /// The whole store as the dataset document, sealed bids without their prices.
    pub fn export_json(&self) -> Result<String> {
        self.export_json_with(ExportScope::SealedWithheld)
    }

    /// The whole store as the dataset document, in the scope asked for.
    pub fn export_json_with(&self, scope: ExportScope) -> Result<String> {
        Ok(dataset_io::to_json(&self.export_dataset(scope)?))
    }

    /// Writes the whole store to a file (sealed prices withheld), replacing it only once the new
    /// one is complete.
    pub fn export_file(&self, path: &Path) -> Result<usize> {
        self.export_file_with(path, ExportScope::SealedWithheld)
    }

    /// As [`Api::export_file`], in the scope asked for.
    pub fn export_file_with(&self, path: &Path, scope: ExportScope) -> Result<usize> {
        let ds = self.export_dataset(scope)?;
        // Written as it is serialised, not built as one string first: the string and its
        // doublings cost a large county's export seconds of page faults.
        let mut file = tenderdesk_files::AtomicFile::create(path)?;
        dataset_io::write_json(&ds, &mut file).map_err(|e| file.error(e))?;
        let written = file.commit()?;
        Ok(usize::try_from(written).unwrap_or(usize::MAX))
    }

    /// Every record of a kind in full, each with its id, as JSON; sealed bids without prices.
    pub fn list_records(&self, kind: Kind) -> Result<Vec<serde_json::Value>> {
        let mut records: Vec<serde_json::Value> =
            self.store.list_json(kind)?.into_iter().map(|(id, r)| with_id(id, r)).collect();
        if kind == Kind::Submissions {
            let sealed = seal::sealed_rounds(self)?;
            records.iter_mut().for_each(|r| seal::redact_submission_json(r, &sealed));
        }
        Ok(records)
    }

    /// One record by its id or its reference, with its audit history.
    pub fn show(&self, kind: Kind, id_or_key: &str) -> Result<Shown> {
        let (id, mut record) = self
            .store
            .get_json(kind, id_or_key)?
            .ok_or_else(|| ApiError::NotFound { kind, id: id_or_key.to_owned() })?;
        if kind == Kind::Submissions {
            seal::redact_submission_json(&mut record, &seal::sealed_rounds(self)?);
        }
        let key = record
            .get("key")
            .and_then(|k| k.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| AuthorityProfile::the_key().to_string());
        let history = match Key::parse(&key) {
            Ok(k) => self.store.history(kind, &k)?,
            Err(_) => Vec::new(),
        };
        let history = history
            .into_iter()
            .map(|e| HistoryLine {
                seq: e.seq,
                at: uk_time(e.at),
                actor: e.actor,
                action: format!("{:?}", e.action).to_lowercase(),
            })
            .collect();
        Ok(Shown { kind, id, record, history })
    }

    /// Checks the store and its audit chain.
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut report = self.store.verify()?;
        report.problems.extend(self.check_kept_first_moderations()?);
        Ok(report)
    }

    /// The audit log, with the prices of sealed bids taken out of the records it carries.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let sealed = seal::sealed_rounds(self)?;
        let mut log = self.store.audit_log()?;
        for e in log.iter_mut().filter(|e| e.kind.as_deref() == Some(Kind::Submissions.plural())) {
            for v in [&mut e.before, &mut e.after].into_iter().flatten() {
                seal::redact_submission_json(v, &sealed);
            }
        }
        Ok(log)
    }

    /// The council's name from the authority profile, when one is set.
    pub fn council_name(&self) -> Result<Option<String>> {
        Ok(self
            .store
            .get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?
            .map(|(_, a)| a.council_name))
    }

    /// The arrangements with their lots and providers counted, for the window's first screen.
    pub fn arrangement_summaries(&self) -> Result<Vec<ArrangementSummary>> {
        // Worked out from the kept lists and kept itself until one of the four kinds changes.
        let reads = [Kind::Arrangements, Kind::Lots, Kind::Admissions, Kind::Contracts];
        let kept = self.store.view("screens/arrangement_summaries", &reads, |store| {
            Ok(views::arrangement_summaries(
                &store.list_shared::<Arrangement>()?,
                &store.list_shared::<Lot>()?,
                &store.list_shared::<Admission>()?,
                &store.list_shared::<Contract>()?,
            ))
        })?;
        Ok(kept.as_ref().clone())
    }

    /// Adds or changes records through the store's checks (for tests and later use cases).
    pub fn apply(&self, changes: ChangeSet) -> Result<tenderdesk_store::ApplyReport> {
        Ok(self.store.apply(changes)?)
    }

    /// The store itself, for use cases still to be written in this crate, tests and benchmarks.
    /// It holds every record as stored, sealed prices too: no view is built from it outside
    /// this crate.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// A whole file's bytes, or an error naming it.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| ApiError::ReadFile { path: path.display().to_string(), reason: e.to_string() })
}

fn with_id(id: u64, record: serde_json::Value) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert("id".into(), id.into());
    if let serde_json::Value::Object(fields) = record {
        map.extend(fields);
    }
    serde_json::Value::Object(map)
}

pub use tenderdesk_store::ChangeSet as Changes;

#[cfg(test)]
mod tests {
    #[test]
    fn instants_are_shown_in_uk_local_time() {
        let winter: chrono::DateTime<chrono::Utc> = "2026-11-23T10:34:49Z".parse().unwrap();
        assert_eq!(super::uk_time(winter), "23 Nov 2026 10:34 GMT");
        let summer: chrono::DateTime<chrono::Utc> = "2025-06-13T11:00:00Z".parse().unwrap();
        assert_eq!(super::uk_time(summer), "13 Jun 2025 12:00 BST");
    }
}
