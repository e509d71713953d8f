//! Recordings in object storage (the `object_store` crate: a local folder by default; S3, GCS and
//! Azure are features of the same crate, to be enabled by configuration).

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::TelephonyError;

/// Where recordings live.
#[derive(Clone, Debug)]
pub struct Recordings {
    store: Arc<dyn ObjectStore>,
}

impl Recordings {
    /// A store in a local folder (created when missing).
    pub fn local(dir: &std::path::Path) -> Result<Self, TelephonyError> {
        std::fs::create_dir_all(dir).map_err(|e| TelephonyError::Storage(e.to_string()))?;
        let fs = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| TelephonyError::Storage(e.to_string()))?;
        Ok(Self {
            store: Arc::new(fs),
        })
    }

    /// Stores bytes under `key`.
    pub async fn put(&self, key: &str, data: Vec<u8>) -> Result<(), TelephonyError> {
        self.store
            .put(&Path::from(key), PutPayload::from(Bytes::from(data)))
            .await
            .map(|_| ())
            .map_err(|e| TelephonyError::Storage(e.to_string()))
    }

    /// Size of the object under `key`.
    pub async fn size(&self, key: &str) -> Result<u64, TelephonyError> {
        self.store
            .head(&Path::from(key))
            .await
            .map(|m| m.size)
            .map_err(|_| TelephonyError::RecordingNotFound)
    }

    /// Bytes `range` of the object under `key`.
    pub async fn read(&self, key: &str, range: Range<u64>) -> Result<Bytes, TelephonyError> {
        self.store
            .get_range(&Path::from(key), range)
            .await
            .map_err(|e| TelephonyError::Storage(e.to_string()))
    }
}
