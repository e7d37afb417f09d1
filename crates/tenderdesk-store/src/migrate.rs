//! Schema versions and the migrations between them.
//!
//! Version 1 is the first layout; version 2 adds packed imports (`packed.rs`). A migration is a numbered step that rewrites the trees of one
//! version into the next; they run in order when a store is opened, each recorded in the meta
//! tree as it completes, so an interrupted upgrade resumes where it stopped.

use crate::{keys, Result, Store, StoreError};

/// The schema version this build writes.
pub const CURRENT_SCHEMA_VERSION: u32 = 2;

/// One step from version `from` to `from + 1`.
pub struct Migration {
    pub from: u32,
    pub describe: &'static str,
    pub run: fn(&sled::Db) -> std::result::Result<(), String>,
}

/// The migrations of this build, oldest first.
pub const MIGRATIONS: &[Migration] = &[Migration {
    from: 1,
    describe: "imports are packed (packed.rs): a version-1 store is a version-2 store with no packed run, so \
               nothing is rewritten; the new number keeps an older TenderDesk, which cannot read packs, out",
    run: |_| Ok(()),
}];

pub(crate) fn stored_version(store: &Store) -> Result<Option<u32>> {
    Ok(store
        .meta
        .get(keys::META_SCHEMA_VERSION)?
        .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
        .map(u32::from_be_bytes))
}

fn set_version(store: &Store, v: u32) -> Result<()> {
    store.meta.insert(keys::META_SCHEMA_VERSION, &v.to_be_bytes())?;
    store.db.flush()?;
    Ok(())
}

pub(crate) fn bring_up_to_date(store: &Store, migrations: &[Migration], target: u32) -> Result<()> {
    let mut version = match stored_version(store)? {
        Some(v) => v,
        None => {
            let empty = store.is_empty()? && store.audit.is_empty();
            if !empty {
                return Err(StoreError::NotAStore { path: store.path.clone() });
            }
            set_version(store, target)?;
            return Ok(());
        }
    };
    if version > target {
        return Err(StoreError::NewerSchema { path: store.path.clone(), found: version, supported: target });
    }
    while version < target {
        let step = migrations.iter().find(|m| m.from == version).ok_or_else(|| StoreError::Migration {
            from: version,
            to: version + 1,
            reason: "this build has no such migration".into(),
        })?;
        (step.run)(&store.db).map_err(|reason| StoreError::Migration { from: version, to: version + 1, reason })?;
        version += 1;
        set_version(store, version)?;
    }
    Ok(())
}
