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
/// A crash between the write and the rename leaves the temporary file behind (its token
/// was never committed, so it is never newer than the committed one). Opening the store
/// ([`FileStore::new`]) deletes such leftovers; a temporary file that a live writer (this
/// or another process) still holds locked is left alone.
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
    /// A store in `dir`. Deletes the temporary files that writers killed before their
    /// rename left in `dir` (best effort: what cannot be deleted is logged and kept).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        remove_leftovers(&dir);
        remove_leftovers(&dir.join("durable"));
        FileStore {
            dir,
            write_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// The directory it writes to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a key: the key with every byte outside `[A-Za-z0-9_.-]` written `%XX`.
    fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(file_name(key))
    }
}

/// The file name of a key: the key with every byte outside `[A-Za-z0-9_.-]` written
/// `%XX`, then `.json`.
pub(crate) fn file_name(key: &str) -> String {
    let mut name = String::with_capacity(key.len() + 5);
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    name.push_str(".json");
    name
}

/// The key of a file name made by [`file_name`], if it is one.
pub(crate) fn key_of(file_name: &str) -> Option<String> {
    let stem = file_name.strip_suffix(".json")?;
    let bytes = stem.as_bytes();
    let mut key = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            key.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            key.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(key).ok()
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

/// How the names of this store's temporary files begin. Files named `.tmp…` were
/// written by earlier versions, which used tempfile's default prefix.
const TEMP_PREFIX: &str = ".wechat-tmp";
const LEGACY_TEMP_PREFIX: &str = ".tmp";

/// Deletes the temporary files in `dir` that no writer holds: a writer keeps its
/// temporary file locked (`flock`) from creation to rename, so a file whose lock can be
/// taken was left by a writer that died.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) || name.starts_with(LEGACY_TEMP_PREFIX)) {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        match file.try_lock() {
            Ok(()) => match std::fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!(file = %path.display(), "removed a temporary token file left by an interrupted write")
                }
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "cannot remove a leftover temporary token file")
                }
            },
            // A live writer holds it.
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => {
                tracing::warn!(file = %path.display(), error = %e, "cannot check a temporary token file");
            }
        }
    }
}

/// First half of a save: the JSON document in a flushed temporary file beside `path`, locked
/// until it is renamed (or dropped), so that [`FileStore::new`] of another process
/// leaves it alone.
pub(crate) fn write_temp(path: &Path, json: &[u8]) -> Result<NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::store(format!("cannot create {}", dir.display()), e))?;
    let cannot_create = |e| {
        Error::store(
            format!("cannot create a temporary file in {}", dir.display()),
            e,
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(cannot_create)?;
    tmp.as_file().lock().map_err(cannot_create)?;
    tmp.write_all(json)
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
            let json =
                serde_json::to_vec(&token).map_err(|e| Error::store("cannot encode a token", e))?;
            let tmp = write_temp(&path, &json)?;
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

    fn json(token: &StoredToken) -> Vec<u8> {
        serde_json::to_vec(token).unwrap()
    }

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
        let tmp = write_temp(&store.path_of("k"), &json(&token("next", 2))).unwrap();
        let (file, stray) = tmp.keep().unwrap();
        assert!(stray.exists());
        // The lock died with the writer.
        drop(file);
        let restarted = FileStore::new(dir.path());
        assert_eq!(
            restarted.load("k").await.unwrap(),
            Some(token("previous", 1))
        );
        assert!(!stray.exists(), "opening the store removes the leftover");
        // and the next save still works beside the stray file.
        restarted.save("k", token("next", 3)).await.unwrap();
        assert_eq!(restarted.load("k").await.unwrap(), Some(token("next", 3)));
    }

    #[test]
    fn opening_keeps_a_temporary_file_a_live_writer_holds_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let live = write_temp(&path, &json(&token("in flight", 1))).unwrap();
        let legacy = dir.path().join(".tmpAbC123");
        std::fs::write(&legacy, b"{\"value\":").unwrap();
        let other = dir.path().join("notes.txt");
        std::fs::write(&other, b"kept").unwrap();
        let _store = FileStore::new(dir.path());
        assert!(live.path().exists(), "a locked temporary file is in use");
        assert!(!legacy.exists(), "an earlier version's leftover is removed");
        assert!(other.exists());
        // The writer still commits.
        commit(live, &path).unwrap();
        assert_eq!(read(&path).unwrap(), Some(token("in flight", 1)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn opening_a_missing_directory_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("not/yet"));
        assert!(!store.dir().exists());
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
