//! Tokens in files, written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use tempfile::NamedTempFile;

use super::{Store, StoredToken};
use crate::{Error, Result};

/// Keeps each token in a JSON file of a directory, so that it survives restarts and is
/// shared by the processes of one machine.
///
/// Writes are atomic: the token goes to a temporary file in the same directory, which
/// is flushed to disk (`fsync`) and then renamed over the old file. A crash at any point
/// leaves either the previous token or the new one, never a torn file. Files are created
/// with mode `0600` on Unix. The directory is created if missing.
///
/// Across processes, the "newer token wins" check of [`Store::save`] is best effort (two
/// writers may race between the check and the rename); replicas on several hosts should
/// share a networked store instead.
#[derive(Debug)]
pub struct FileStore {
    dir: PathBuf,
    write_lock: tokio::sync::Mutex<()>,
}

impl FileStore {
    /// A store in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore {
            dir: dir.into(),
            write_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// The directory it writes to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a key: the key with every byte outside `[A-Za-z0-9_.-]` written `%XX`.
    fn path_of(&self, key: &str) -> PathBuf {
        let mut name = String::with_capacity(key.len() + 5);
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' {
                name.push(b as char);
            } else {
                name.push_str(&format!("%{b:02X}"));
            }
        }
        name.push_str(".json");
        self.dir.join(name)
    }
}

fn read(path: &Path) -> Result<Option<StoredToken>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::store(
                format!("cannot read token file {}", path.display()),
                e,
            ))
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        Error::store(
            format!(
                "token file {} is not a stored token; delete it to fetch a new token",
                path.display()
            ),
            e,
        )
    })
}

/// First half of a save: the token in a flushed temporary file beside `path`.
pub(crate) fn write_temp(path: &Path, token: &StoredToken) -> Result<NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::store(format!("cannot create {}", dir.display()), e))?;
    let mut tmp = NamedTempFile::new_in(dir).map_err(|e| {
        Error::store(
            format!("cannot create a temporary file in {}", dir.display()),
            e,
        )
    })?;
    let json = serde_json::to_vec(token).map_err(|e| Error::store("cannot encode a token", e))?;
    tmp.write_all(&json)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| {
            Error::store(
                format!("cannot write a temporary file in {}", dir.display()),
                e,
            )
        })?;
    Ok(tmp)
}

/// Second half: the rename over `path`, then a flush of the directory entry.
pub(crate) fn commit(tmp: NamedTempFile, path: &Path) -> Result<()> {
    tmp.persist(path)
        .map_err(|e| Error::store(format!("cannot rename into {}", path.display()), e.error))?;
    if let Some(dir) = path.parent() {
        // Flushing the directory makes the rename itself durable; not all systems allow it.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[async_trait]
impl Store for FileStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let path = self.path_of(key);
        tokio::task::spawn_blocking(move || read(&path))
            .await
            .map_err(|e| Error::store("token file read task failed", e))?
    }

    async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken> {
        let _guard = self.write_lock.lock().await;
        let path = self.path_of(key);
        tokio::task::spawn_blocking(move || {
            if let Ok(Some(held)) = read(&path) {
                if held.fetched_at_ms > token.fetched_at_ms {
                    return Ok(held);
                }
            }
            let tmp = write_temp(&path, &token)?;
            commit(tmp, &path)?;
            Ok(token)
        })
        .await
        .map_err(|e| Error::store("token file write task failed", e))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(value: &str, fetched_at_ms: i64) -> StoredToken {
        StoredToken {
            value: value.into(),
            expires_at: 4_000_000_000,
            fetched_at_ms,
        }
    }

    #[tokio::test]
    async fn round_trip_and_newer_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        assert_eq!(store.load("access_token/wx1").await.unwrap(), None);
        store.save("access_token/wx1", token("b", 2)).await.unwrap();
        assert_eq!(
            store.save("access_token/wx1", token("a", 1)).await.unwrap(),
            token("b", 2)
        );
        let again = FileStore::new(dir.path());
        assert_eq!(
            again.load("access_token/wx1").await.unwrap(),
            Some(token("b", 2))
        );
        assert!(dir.path().join("access_token%2Fwx1.json").exists());
    }

    #[tokio::test]
    async fn a_crash_between_write_and_rename_keeps_the_previous_token() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        store.save("k", token("previous", 1)).await.unwrap();
        // The new token reaches a flushed temporary file, and the process dies before the
        // rename: the temporary file stays behind.
        let tmp = write_temp(&store.path_of("k"), &token("next", 2)).unwrap();
        let (_file, stray) = tmp.keep().unwrap();
        assert!(stray.exists());
        let restarted = FileStore::new(dir.path());
        assert_eq!(
            restarted.load("k").await.unwrap(),
            Some(token("previous", 1))
        );
        // and the next save still works beside the stray file.
        restarted.save("k", token("next", 3)).await.unwrap();
        assert_eq!(restarted.load("k").await.unwrap(), Some(token("next", 3)));
    }

    #[tokio::test]
    async fn a_corrupt_file_is_a_store_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        std::fs::write(store.path_of("k"), b"{not json").unwrap();
        let err = store.load("k").await.unwrap_err();
        assert!(matches!(err, Error::Store { .. }));
        assert!(err.to_string().contains("k.json"), "{err}");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        store.save("k", token("v", 1)).await.unwrap();
        let mode = std::fs::metadata(store.path_of("k"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
    }
}
