//! [`DurableStore`] for [`FileStore`]: each record in its own file under `durable/`,
//! written atomically and compared under a lock that every process on the host takes.

use std::fs::File;
use std::path::{Path, PathBuf};

use async_trait::async_trait;

use super::durable::{DurableRecord, DurableStore};
use super::file::{commit, file_name, key_of, write_temp};
use super::FileStore;
use crate::{Error, Result};

/// The subdirectory of the durable records, apart from the hot tokens.
const DURABLE_DIR: &str = "durable";
/// The lock file every writer of the directory holds (`flock`) while it compares and
/// writes, so that two processes cannot both write over the same version.
const LOCK_FILE: &str = ".lock";

impl FileStore {
    /// The directory of the durable records: `{dir}/durable`.
    pub(crate) fn durable_dir(&self) -> PathBuf {
        self.dir().join(DURABLE_DIR)
    }
}

fn read_record(path: &Path) -> Result<Option<DurableRecord>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::store(
                format!("cannot read durable record {}", path.display()),
                e,
            ))
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        Error::store(
            format!(
                "durable record {} is not a record (value and version); restore it from a backup",
                path.display()
            ),
            e,
        )
    })
}

/// Takes the directory's lock, creating the directory and the lock file if needed.
fn lock_dir(dir: &Path) -> Result<File> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::store(format!("cannot create {}", dir.display()), e))?;
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::store(format!("cannot open {}", path.display()), e))?;
    file.lock()
        .map_err(|e| Error::store(format!("cannot lock {}", path.display()), e))?;
    Ok(file)
}

fn save_blocking(dir: &Path, key: &str, record: DurableRecord) -> Result<DurableRecord> {
    let _lock = lock_dir(dir)?;
    let path = dir.join(file_name(key));
    if let Some(held) = read_record(&path)? {
        if held.version >= record.version {
            return Ok(held);
        }
    }
    let json = serde_json::to_vec(&record)
        .map_err(|e| Error::store("cannot encode a durable record", e))?;
    let tmp = write_temp(&path, &json)?;
    commit(tmp, &path)?;
    Ok(record)
}

fn keys_blocking(dir: &Path, prefix: &str) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::store(format!("cannot list {}", dir.display()), e)),
    };
    let mut keys: Vec<String> = entries
        .flatten()
        .filter_map(|entry| key_of(&entry.file_name().to_string_lossy()))
        .filter(|key| key.starts_with(prefix))
        .collect();
    keys.sort();
    Ok(keys)
}

async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::store(what, e))?
}

/// One file per record (`{dir}/durable/{key}.json`, the key `%XX`-escaped as for
/// tokens), mode `0600`. A save takes the directory's lock (`flock` on
/// `durable/.lock`, so the processes of one host take turns), compares versions, writes
/// a flushed temporary file and renames it over the record: a crash leaves the previous
/// record or the new one.
#[async_trait]
impl DurableStore for FileStore {
    async fn load(&self, key: &str) -> Result<Option<DurableRecord>> {
        let path = self.durable_dir().join(file_name(key));
        blocking("durable record read task failed", move || {
            read_record(&path)
        })
        .await
    }

    async fn save(&self, key: &str, record: DurableRecord) -> Result<DurableRecord> {
        let dir = self.durable_dir();
        let key = key.to_owned();
        blocking("durable record write task failed", move || {
            save_blocking(&dir, &key, record)
        })
        .await
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let dir = self.durable_dir();
        let prefix = prefix.to_owned();
        blocking("durable record list task failed", move || {
            keys_blocking(&dir, &prefix)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn records_round_trip_survive_reopening_and_only_a_higher_version_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let key = "authorizer_refresh_token/wxc/wxa";
        assert_eq!(DurableStore::load(&store, key).await.unwrap(), None);
        let first = DurableRecord::new("refresh@2", 2);
        assert_eq!(
            DurableStore::save(&store, key, first.clone())
                .await
                .unwrap(),
            first
        );
        // An older or equal version never replaces it.
        for stale in [
            DurableRecord::new("refresh@1", 1),
            DurableRecord::new("other@2", 2),
        ] {
            assert_eq!(DurableStore::save(&store, key, stale).await.unwrap(), first);
        }
        let reopened = FileStore::new(dir.path());
        assert_eq!(
            DurableStore::load(&reopened, key).await.unwrap(),
            Some(first)
        );
        let newer = DurableRecord::new("refresh@3", 3);
        DurableStore::save(&reopened, key, newer.clone())
            .await
            .unwrap();
        assert_eq!(DurableStore::load(&store, key).await.unwrap(), Some(newer));
    }

    #[tokio::test]
    async fn durable_records_and_hot_tokens_do_not_share_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let token = crate::store::StoredToken::fetched_at("hot", 7200, 1_000);
        Store::save(&store, "k", token.clone()).await.unwrap();
        DurableStore::save(&store, "k", DurableRecord::new("cold", 1))
            .await
            .unwrap();
        assert_eq!(Store::load(&store, "k").await.unwrap(), Some(token));
        assert_eq!(
            DurableStore::load(&store, "k")
                .await
                .unwrap()
                .unwrap()
                .value
                .expose(),
            "cold"
        );
    }

    #[tokio::test]
    async fn keys_lists_by_prefix_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        for key in [
            "authorizer/wxc/wxb",
            "authorizer/wxc/wxa",
            "authorizer/wxd/wxe",
            "component_verify_ticket/wxc",
        ] {
            DurableStore::save(&store, key, DurableRecord::new("v", 1))
                .await
                .unwrap();
        }
        assert_eq!(
            store.keys("authorizer/wxc/").await.unwrap(),
            vec!["authorizer/wxc/wxa", "authorizer/wxc/wxb"]
        );
        assert!(FileStore::new(dir.path().join("none"))
            .keys("")
            .await
            .unwrap()
            .is_empty());
    }

    #[tokio::test]
    async fn entries_are_read_a_page_at_a_time_after_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        for n in (0..1005).rev() {
            let key = format!("authorizer/wxc/wx{n:04}");
            DurableStore::save(&store, &key, DurableRecord::new(format!("r{n}"), 1))
                .await
                .unwrap();
        }
        DurableStore::save(&store, "other/x", DurableRecord::new("o", 1))
            .await
            .unwrap();
        let page = store
            .entries_after("authorizer/wxc/", "authorizer/wxc/wx0001", 2)
            .await
            .unwrap();
        let keys: Vec<_> = page.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["authorizer/wxc/wx0002", "authorizer/wxc/wx0003"]);
        assert_eq!(page[1].1.value.expose(), "r3");
        // Past one page of 1,000: all of them, in order, under the prefix only.
        let all = store.entries("authorizer/wxc/").await.unwrap();
        assert_eq!(all.len(), 1005);
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(all[1004].0, "authorizer/wxc/wx1004");
    }

    #[tokio::test]
    async fn a_corrupt_record_is_a_store_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        std::fs::create_dir_all(store.durable_dir()).unwrap();
        std::fs::write(store.durable_dir().join("k.json"), b"{\"value\":").unwrap();
        let err = DurableStore::load(&store, "k").await.unwrap_err();
        assert!(err.to_string().contains("k.json"), "{err}");
        // and a save over it is refused, leaving the file for a person to look at.
        assert!(DurableStore::save(&store, "k", DurableRecord::new("v", 1))
            .await
            .is_err());
    }

    #[tokio::test]
    async fn concurrent_writers_keep_the_highest_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(FileStore::new(dir.path()));
        let writers: Vec<_> = (1..=40)
            .map(|v| {
                let store = std::sync::Arc::clone(&store);
                tokio::spawn(async move {
                    DurableStore::save(&*store, "k", DurableRecord::new(format!("v{v}"), v))
                        .await
                        .unwrap();
                })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        let held = DurableStore::load(&*store, "k").await.unwrap().unwrap();
        assert_eq!((held.value.expose(), held.version), ("v40", 40));
    }
}
