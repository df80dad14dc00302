//! The bodies of the page's fuzz targets (`fuzz/fuzz_targets/*.rs` call these;
//! `tests/fuzz_corpus.rs` replays the kept corpus through them on every test
//! run): the saved documents are untrusted input (a shared link's is the engine's). Each
//! must never panic and keeps the promise that goes with it.

use crate::persistence::{self, KeyValueStore, Notice, StorageError};
use std::collections::BTreeMap;

const MAX_INPUT: usize = 1 << 16;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

/// localStorage in memory (for the fuzz bodies and the saves' tests).
#[derive(Default)]
pub struct Store(pub BTreeMap<String, String>);

impl KeyValueStore for Store {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.0.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.0.remove(key);
        Ok(())
    }
}

/// A saved document (progress and settings, or the sandbox) as found in
/// storage: loaded, or set aside whole under a backup key — never lost.
pub fn saved_state(data: &[u8]) {
    let document = text(data);
    for key in [persistence::STORAGE_KEY, persistence::SANDBOX_KEY] {
        let mut store = Store::default();
        store.0.insert(key.to_string(), document.clone());
        let notice = if key == persistence::STORAGE_KEY {
            persistence::load(&mut store).notice
        } else {
            persistence::load_sandbox(&mut store).notice
        };
        match notice {
            Some(Notice::CorruptSetAside { backup_key })
            | Some(Notice::FutureVersionSetAside { backup_key, .. })
            | Some(Notice::SandboxSetAside { backup_key }) => {
                assert_eq!(
                    store.0.get(&backup_key),
                    Some(&document),
                    "what could not be read is kept as it was"
                );
            }
            None => {}
            Some(other) => panic!("unexpected notice for a readable store: {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_take_ordinary_inputs() {
        saved_state(b"{\"schemaVersion\":1}");
        saved_state(b"{broken");
        saved_state(b"{\"schemaVersion\":99}");
        saved_state(b"{\"schemaVersion\":1,\"world\":{\"bad\":1}}");
    }
}
