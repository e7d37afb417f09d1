//! The store a long-running program (the window) keeps open, which a restore can swap.

use std::sync::{PoisonError, RwLock};

use crate::{Api, ApiError, Result};

/// The open store, shared by every caller. A restore closes it and opens the restored one in its
/// place: callers read it under a lock, so the swap waits for those running, and those that come
/// during the swap wait for it.
#[derive(Debug)]
pub struct OpenStore(RwLock<Option<Api>>);

impl OpenStore {
    pub fn new(api: Api) -> OpenStore {
        OpenStore(RwLock::new(Some(api)))
    }

    /// Runs `work` on the open store (on the calling thread).
    pub fn with<T>(&self, work: impl FnOnce(&Api) -> Result<T>) -> Result<T> {
        // A panic while reading does not poison the lock; one while swapping left it as it was.
        let open = self.0.read().unwrap_or_else(PoisonError::into_inner);
        match open.as_ref() {
            Some(api) => work(api),
            None => Err(ApiError::Closed),
        }
    }

    /// Closes the open store once nobody is using it and hands it to `swap`, which returns the
    /// store to keep open from now on (the same one, when it did not replace it) and its outcome.
    pub(crate) fn replace<R>(&self, swap: impl FnOnce(Api) -> (Option<Api>, R)) -> Result<R> {
        let mut open = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let current = open.take().ok_or(ApiError::Closed)?;
        let (next, outcome) = swap(current);
        *open = next;
        Ok(outcome)
    }
}
