//! Backups: every tree of the store — records, indexes, the audit log with its chain, meta —
//! copied under the writer's lock into one file that ends with its own SHA-256, and the restoring
//! of such a file into an empty store. A restored store is the same store: same ids, same audit
//! entries, same hashes.
//!
//! The file: `TENDERDESK-BACKUP\n`, the format version (u32), then for each tree `T`, its name
//! (u32 length, bytes), its entries (`E`, key and value each as u32 length and bytes) and `Z`;
//! then `.` and the SHA-256 of everything before it. Lengths are big-endian.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};
use tenderdesk_files::{AtomicFile, FileError};

use crate::{Result, Store, StoreError};

const MAGIC: &[u8] = b"TENDERDESK-BACKUP\n";
const VERSION: u32 = 1;

/// What a backup or a restore copied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupSummary {
    pub trees: usize,
    pub entries: usize,
    pub bytes: u64,
}

struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn bad(path: &Path, why: &str) -> StoreError {
    StoreError::Storage(format!("{} is not a usable TenderDesk backup: {why}", path.display()))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Storage(format!("{}: {e}", path.display()))
}

impl Store {
    /// Writes a backup of the whole store to `path` (through a temporary file, flushed to disk and
    /// renamed when complete: `tenderdesk-files`). Writes in this process wait until it is done; other processes are kept out by
    /// the folder lock, so the copy is consistent.
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary> {
        let _one_writer = self
            .write
            .lock()
            .map_err(|_| StoreError::Storage("an earlier write failed part-way in this process".into()))?;
        let file = AtomicFile::create(path)?;
        let mut w = Hashing { inner: file, hash: Sha256::new(), bytes: 0 };
        let mut summary = BackupSummary::default();
        let mut names: Vec<Vec<u8>> = self.db.tree_names().into_iter().map(|n| n.to_vec()).collect();
        names.sort();
        let e = |source: std::io::Error| StoreError::File(FileError::Write { path: path.to_owned(), source });
        w.write_all(MAGIC).map_err(e)?;
        w.write_all(&VERSION.to_be_bytes()).map_err(e)?;
        for name in names {
            let tree = self.db.open_tree(&name)?;
            w.write_all(b"T").map_err(e)?;
            write_bytes(&mut w, &name).map_err(e)?;
            for item in tree.iter() {
                let (k, v) = item?;
                w.write_all(b"E").map_err(e)?;
                write_bytes(&mut w, &k).map_err(e)?;
                write_bytes(&mut w, &v).map_err(e)?;
                summary.entries += 1;
            }
            w.write_all(b"Z").map_err(e)?;
            summary.trees += 1;
        }
        w.write_all(b".").map_err(e)?;
        let digest = w.hash.clone().finalize();
        w.write_all(&digest).map_err(e)?;
        summary.bytes = w.bytes;
        w.inner.commit()?;
        Ok(summary)
    }

    /// Restores a backup into this store, which must hold no record and no audit entry. The
    /// whole file is checked against its SHA-256 before anything is written.
    pub fn restore_from(&self, path: &Path) -> Result<BackupSummary> {
        let _one_writer = self
            .write
            .lock()
            .map_err(|_| StoreError::Storage("an earlier write failed part-way in this process".into()))?;
        // Every record may change: no view kept in memory survives a restore.
        let _views = crate::cache::Invalidate::new(self, tenderdesk_domain::Kind::ALL.to_vec());
        if !self.is_empty()? || !self.audit.is_empty() {
            return Err(StoreError::Storage(format!(
                "a backup restores only into an empty store, and the store in {} holds records; choose a new folder",
                self.path.display()
            )));
        }
        // First pass: the checksum.
        let mut file = BufReader::with_capacity(1 << 20, File::open(path).map_err(io(path))?);
        let len = std::fs::metadata(path).map_err(io(path))?.len();
        if len < (MAGIC.len() + 4 + 1 + 32) as u64 {
            return Err(bad(path, "it is too short"));
        }
        let mut hash = Sha256::new();
        let mut left = len - 32;
        let mut buf = vec![0u8; 1 << 20];
        while left > 0 {
            let n = file.read(&mut buf[..left.min(1 << 20) as usize]).map_err(io(path))?;
            if n == 0 {
                return Err(bad(path, "it ends early"));
            }
            hash.update(&buf[..n]);
            left -= n as u64;
        }
        let mut stored = [0u8; 32];
        file.read_exact(&mut stored).map_err(io(path))?;
        if hash.finalize().as_slice() != stored {
            return Err(bad(path, "its checksum does not match its contents (the file is damaged or incomplete)"));
        }

        // Second pass: the trees, written in batches; the meta tree (schema version, audit head)
        // goes last so that an interrupted restore is seen by `verify`.
        let mut r = BufReader::with_capacity(1 << 20, File::open(path).map_err(io(path))?);
        let mut magic = vec![0u8; MAGIC.len()];
        r.read_exact(&mut magic).map_err(io(path))?;
        if magic != MAGIC {
            return Err(bad(path, "it does not start as a TenderDesk backup does"));
        }
        let version = read_u32(&mut r).map_err(io(path))?;
        if version != VERSION {
            return Err(bad(
                path,
                &format!("it is in backup format {version}; this TenderDesk reads format {VERSION}"),
            ));
        }
        let mut summary = BackupSummary { bytes: len, ..BackupSummary::default() };
        // Plain inserts, not `sled::Batch`es: sled holds a batch's every write in memory (a large
        // county's restore grew past 18 GB), while inserts keep it bounded. The meta tree, small,
        // is kept aside and written last.
        let mut meta: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        loop {
            match read_tag(&mut r).map_err(io(path))? {
                b'.' => break,
                b'T' => {}
                _ => return Err(bad(path, "a tree is not where one should be")),
            }
            let name = read_bytes(&mut r).map_err(io(path))?;
            let is_meta = name == crate::keys::META.as_bytes();
            let tree = self.db.open_tree(&name)?;
            loop {
                match read_tag(&mut r).map_err(io(path))? {
                    b'Z' => break,
                    b'E' => {}
                    _ => return Err(bad(path, "an entry is not where one should be")),
                }
                let k = read_bytes(&mut r).map_err(io(path))?;
                let v = read_bytes(&mut r).map_err(io(path))?;
                summary.entries += 1;
                if is_meta {
                    meta.push((k, v));
                } else {
                    tree.insert(k, v)?;
                }
            }
            summary.trees += 1;
        }
        for (k, v) in meta {
            self.meta.insert(k, v)?;
        }
        self.db.flush()?;
        // The backup's packed runs (`packed.rs`) are this store's now.
        self.reload_runs()?;
        Ok(summary)
    }
}

fn write_bytes(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| std::io::Error::other("an entry larger than 4 GiB"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(bytes)
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_tag(r: &mut impl Read) -> std::io::Result<u8> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

fn read_bytes(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let len = read_u32(r)? as usize;
    let mut v = vec![0u8; len];
    r.read_exact(&mut v)?;
    Ok(v)
}
