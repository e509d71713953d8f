//! Recordings in object storage (the `object_store` crate): a local folder by default, or a bucket
//! named by URL (`s3://bucket/prefix`, `gs://…`, `az://…`, also `memory:///` for tests), with
//! credentials from the providers' usual environment variables (`AWS_ACCESS_KEY_ID`,
//! `GOOGLE_SERVICE_ACCOUNT`, `AZURE_STORAGE_ACCOUNT_NAME`, …).

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
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

    /// A store named by URL. Options are read from environment variables whose names start with
    /// `AWS_`, `GOOGLE_` or `AZURE_` (e.g. `AWS_REGION`, `AWS_ENDPOINT` for S3-compatible stores).
    pub fn from_url(url: &str) -> Result<Self, TelephonyError> {
        let opts = std::env::vars().filter(|(k, _)| {
            ["AWS_", "GOOGLE_", "AZURE_"]
                .iter()
                .any(|p| k.starts_with(p))
        });
        Self::from_url_with(url, opts)
    }

    /// A store named by URL with explicit options (`aws_region`, `aws_access_key_id`, …).
    pub fn from_url_with(
        url: &str,
        opts: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, TelephonyError> {
        let parsed =
            url::Url::parse(url).map_err(|e| TelephonyError::Storage(format!("{url}: {e}")))?;
        let opts: Vec<(String, String)> = opts
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let (store, prefix) = object_store::parse_url_opts(&parsed, opts)
            .map_err(|e| TelephonyError::Storage(e.to_string()))?;
        let store: Arc<dyn ObjectStore> = if prefix.as_ref().is_empty() {
            Arc::from(store)
        } else {
            Arc::new(PrefixStore::new(store, prefix))
        };
        Ok(Self { store })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_store_named_by_url_keeps_and_serves_ranges() {
        let r =
            Recordings::from_url_with("memory:///recordings", []).unwrap_or_else(|e| panic!("{e}"));
        r.put("t/c.mp3", b"0123456789".to_vec())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.size("t/c.mp3").await.ok(), Some(10));
        assert_eq!(
            r.read("t/c.mp3", 2..5).await.ok().as_deref(),
            Some(&b"234"[..])
        );
        assert!(r.size("t/missing.mp3").await.is_err());
    }

    #[test]
    fn cloud_urls_build_stores_from_options_and_bad_ones_are_named() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let s3 = Recordings::from_url_with(
            "s3://call-recordings/eu",
            [
                ("AWS_REGION".to_string(), "eu-central-1".to_string()),
                ("AWS_ACCESS_KEY_ID".to_string(), "AKIDEXAMPLE".to_string()),
                ("AWS_SECRET_ACCESS_KEY".to_string(), "secret".to_string()),
            ],
        );
        assert!(s3.is_ok(), "{:?}", s3.err());
        let az = Recordings::from_url_with(
            "az://recordings/prefix",
            [
                ("AZURE_STORAGE_ACCOUNT_NAME".to_string(), "acct".to_string()),
                ("AZURE_STORAGE_ACCOUNT_KEY".to_string(), "a2V5".to_string()),
            ],
        );
        assert!(az.is_ok(), "{:?}", az.err());
        match Recordings::from_url_with("ftp://nope/x", []) {
            Err(TelephonyError::Storage(m)) => assert!(!m.is_empty()),
            other => panic!("{other:?}"),
        }
    }
}
