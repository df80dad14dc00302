//! The one owner of the browser's localStorage: what the app saves, in which
//! schema version, and what happens when the saved data is damaged.
//!
//! Rules (nothing a learner built or earned is ever lost silently):
//! - The saved document is JSON with a `schemaVersion`. Older versions are
//!   migrated step by step; fields added within a version use `#[serde(default)]`.
//! - Data that cannot be read — corrupt JSON, a wrong shape, a version from a
//!   newer app, an old version with no migration — is copied to a free backup
//!   key before the app starts clean, and the learner is told where it went.
//! - If it cannot be set aside either, saving is paused for the session so the
//!   original is never overwritten.
//! - Storage errors (blocked storage, a full quota) come back as values to
//!   show, never as panics.
//!
//! The logic works on any [`KeyValueStore`]; the browser's is [`LocalStorage`].

use crate::i18n::Lang;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the app's document lives.
pub const STORAGE_KEY: &str = "ecs-playground";
/// Prefix of the keys that hold set-aside data: `ecs-playground.backup.1`, `.2`, …
pub const BACKUP_KEY_PREFIX: &str = "ecs-playground.backup.";
/// How many set-aside copies may pile up before the app stops making more.
pub const MAX_BACKUPS: u32 = 20;
/// The schema this build writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A migration turns a document of version `n` into one of version `n + 1`;
/// `MIGRATIONS[i]` upgrades from version `i + 1`. Version 1 is the first schema.
pub type Migration = fn(Value) -> Result<Value, String>;
pub const MIGRATIONS: &[Migration] = &[];
const _: () = assert!(SCHEMA_VERSION as usize == 1 + MIGRATIONS.len());

/// Everything the app keeps between visits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedState {
    #[serde(default)]
    pub settings: Settings,
}

/// The learner's interface choices. `None` means "not chosen yet": follow the browser.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub theme: Option<Theme>,
    /// Projector mode: large text and high contrast, for a study group's shared screen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub projector: bool,
}

/// The colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Why the store refused a read or write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all (blocked by the browser, private mode, sandboxed frame).
    Unavailable,
    /// The origin's quota is used up.
    QuotaExceeded,
    /// Anything else the browser reported.
    Other(String),
}

/// A string key-value store: the browser's localStorage, or a map in tests.
pub trait KeyValueStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
}

/// Something the learner must be told about their saved data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    StorageUnavailable,
    CorruptSetAside {
        backup_key: String,
    },
    FutureVersionSetAside {
        version: u64,
        backup_key: String,
    },
    BackupFailed,
    SaveFailed(StorageError),
    /// The sandbox document was readable but its world was not.
    SandboxSetAside {
        backup_key: String,
    },
    /// A shared link replaced the sandbox; the old one is this snapshot.
    SharedLinkOpened {
        snapshot: String,
    },
    /// A shared link was refused, and why; nothing changed.
    SharedLinkRefused {
        reason: String,
    },
    /// A facilitator's link put the lesson at this step (1-based); the
    /// learner's world before it is this snapshot.
    FacilitatorLinkOpened {
        step: usize,
        snapshot: Option<String>,
    },
    /// The browser's storage was full: the world was saved with only this
    /// many of the newest minutes of metrics.
    SavedWithRecentMetrics {
        minutes: usize,
    },
    /// A facilitator's link was refused, and why; nothing changed.
    FacilitatorLinkRefused {
        reason: String,
    },
}

/// The result of loading at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T = SavedState> {
    pub state: T,
    pub notice: Option<Notice>,
    /// False when writing could destroy data the learner has not got back yet.
    pub saving_allowed: bool,
}

/// Why a stored document could not be used.
enum Unreadable {
    Corrupt,
    Future(u64),
}

/// Reads the saved document, migrating or setting aside what cannot be used.
pub fn load(store: &mut dyn KeyValueStore) -> Loaded {
    load_with(store, MIGRATIONS)
}

/// [`load`] with an explicit migration table (tests use their own).
pub fn load_with(store: &mut dyn KeyValueStore, migrations: &[Migration]) -> Loaded {
    load_document(store, STORAGE_KEY, migrations)
}

/// Reads any versioned document under `key` with the same rules: migrate what
/// is old, set aside what cannot be read, never overwrite what was not read.
pub fn load_document<T: DeserializeOwned + Default>(
    store: &mut dyn KeyValueStore,
    key: &str,
    migrations: &[Migration],
) -> Loaded<T> {
    let text = match store.get(key) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return Loaded {
                state: T::default(),
                notice: None,
                saving_allowed: true,
            }
        }
        Err(_) => {
            return Loaded {
                state: T::default(),
                notice: Some(Notice::StorageUnavailable),
                saving_allowed: false,
            }
        }
    };
    match decode(&text, migrations) {
        Ok(state) => Loaded {
            state,
            notice: None,
            saving_allowed: true,
        },
        Err(why) => match set_aside(store, &text) {
            Some(backup_key) => Loaded {
                state: T::default(),
                notice: Some(match why {
                    Unreadable::Corrupt => Notice::CorruptSetAside { backup_key },
                    Unreadable::Future(version) => Notice::FutureVersionSetAside {
                        version,
                        backup_key,
                    },
                }),
                saving_allowed: true,
            },
            None => Loaded {
                state: T::default(),
                notice: Some(Notice::BackupFailed),
                saving_allowed: false,
            },
        },
    }
}

/// Writes the document in the current schema.
pub fn save(store: &mut dyn KeyValueStore, state: &SavedState) -> Result<(), StorageError> {
    let text = encode(state);
    store.set(STORAGE_KEY, &text)
}

/// The document as it is written to storage.
pub fn encode(state: &SavedState) -> String {
    encode_document(state, SCHEMA_VERSION)
}

/// Any document with its version beside it (flattened: `{"schemaVersion": 1, …}`).
pub fn encode_document<T: Serialize>(state: &T, schema_version: u32) -> String {
    let mut value = serde_json::to_value(state).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("schemaVersion".into(), Value::from(schema_version));
    }
    serde_json::to_string(&value).unwrap_or_else(|_| String::from("{}"))
}

/// Where the sandbox (world, console files, variables, history) is kept.
pub const SANDBOX_KEY: &str = "ecs-playground.sandbox";
/// Followed by the lesson id: each lesson's own account.
pub const LESSON_KEY_PREFIX: &str = "ecs-playground.lesson.";
/// The sandbox document's own schema; the world inside carries its own version too.
pub const SANDBOX_SCHEMA_VERSION: u32 = 1;

/// The learner's sandbox between visits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxSave {
    /// `ecs_sim::World` as JSON (a value, so this module stays independent of the model).
    #[serde(default)]
    pub world: Option<Value>,
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub vars: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub history: Vec<String>,
    /// `ecs_sim::console::Journal` as JSON: the lines that recreate the world
    /// (for share links). Absent in saves from before journals: then unknown.
    #[serde(default)]
    pub journal: Option<Value>,
}

/// The sandbox, with the same rules as the main document.
pub fn load_sandbox(store: &mut dyn KeyValueStore) -> Loaded<SandboxSave> {
    load_sandbox_at(store, SANDBOX_KEY)
}

pub fn save_sandbox(
    store: &mut dyn KeyValueStore,
    sandbox: &SandboxSave,
) -> Result<(), StorageError> {
    save_sandbox_at(store, SANDBOX_KEY, sandbox)
}

/// A lesson's own account is kept under its own key, beside the free sandbox.
pub fn lesson_sandbox_key(lesson_id: &str) -> String {
    format!("{LESSON_KEY_PREFIX}{lesson_id}")
}

pub fn load_sandbox_at(store: &mut dyn KeyValueStore, key: &str) -> Loaded<SandboxSave> {
    load_document(store, key, &[])
}

pub fn save_sandbox_at(
    store: &mut dyn KeyValueStore,
    key: &str,
    sandbox: &SandboxSave,
) -> Result<(), StorageError> {
    store.set(key, &encode_document(sandbox, SANDBOX_SCHEMA_VERSION))
}

/// How many minutes of metric history a save keeps when the whole world does
/// not fit the browser's storage, tried in this order (none at the end).
pub const METRIC_MINUTES_WHEN_FULL: [usize; 4] = [24 * 60, 6 * 60, 60, 0];

/// The saved world with each metric series cut to its newest `minutes` points
/// (a series has at most one a minute). Resources, tasks and the clock stay.
pub fn with_recent_metrics(world: &Value, minutes: usize) -> Value {
    let mut world = world.clone();
    if let Some(series) = world
        .pointer_mut("/metrics/series")
        .and_then(Value::as_object_mut)
    {
        for one in series.values_mut() {
            if let Some(points) = one.get_mut("points").and_then(Value::as_array_mut) {
                let drop = points.len().saturating_sub(minutes);
                points.drain(..drop);
            }
        }
    }
    world
}

/// Saves `sandbox` at `key`. A busy world's minute-by-minute metrics grow to
/// megabytes over simulated days; when the storage is full, the save is made
/// again with only the newest metric minutes ([`METRIC_MINUTES_WHEN_FULL`]),
/// so the learner's resources are kept even when their charts' history is
/// not. Returns `Some(minutes kept)` when history was dropped.
pub fn save_sandbox_fitting(
    store: &mut dyn KeyValueStore,
    key: &str,
    sandbox: &SandboxSave,
) -> Result<Option<usize>, StorageError> {
    match save_sandbox_at(store, key, sandbox) {
        Err(StorageError::QuotaExceeded) => {}
        other => return other.map(|()| None),
    }
    let Some(world) = &sandbox.world else {
        return Err(StorageError::QuotaExceeded);
    };
    for minutes in METRIC_MINUTES_WHEN_FULL {
        let smaller = SandboxSave {
            world: Some(with_recent_metrics(world, minutes)),
            ..sandbox.clone()
        };
        match save_sandbox_at(store, key, &smaller) {
            Ok(()) => return Ok(Some(minutes)),
            Err(StorageError::QuotaExceeded) => continue,
            Err(other) => return Err(other),
        }
    }
    Err(StorageError::QuotaExceeded)
}

/// The index of named snapshots of the free sandbox; each snapshot's
/// [`SandboxSave`] is kept under its own key, so listing them reads little.
pub const SNAPSHOTS_KEY: &str = "ecs-playground.snapshots";
/// Followed by the snapshot's id.
pub const SNAPSHOT_KEY_PREFIX: &str = "ecs-playground.snapshot.";
pub const SNAPSHOTS_SCHEMA_VERSION: u32 = 1;
/// Snapshots kept at most (each holds a whole world).
pub const MAX_SNAPSHOTS: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshots {
    #[serde(default)]
    pub items: Vec<SnapshotMeta>,
    #[serde(default)]
    pub next_id: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotMeta {
    pub id: u32,
    pub name: String,
    /// The simulated clock when it was taken (`HH:MM:SS`, or with days).
    pub sim_time: String,
}

/// Why a snapshot could not be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// [`MAX_SNAPSHOTS`] are kept already: delete one first.
    Full,
    Storage(StorageError),
}

pub fn load_snapshots(store: &mut dyn KeyValueStore) -> Snapshots {
    load_document::<Snapshots>(store, SNAPSHOTS_KEY, &[]).state
}

/// Keeps `save` as a snapshot called `name`; the index is written last, so a
/// failure leaves no entry pointing at nothing.
pub fn save_snapshot(
    store: &mut dyn KeyValueStore,
    name: &str,
    sim_time: &str,
    save: &SandboxSave,
) -> Result<SnapshotMeta, SnapshotError> {
    let mut index = load_snapshots(store);
    if index.items.len() >= MAX_SNAPSHOTS {
        return Err(SnapshotError::Full);
    }
    // Above every id in use, even in a hand-edited index; none left counts as full.
    let above_all = match index.items.iter().map(|m| m.id).max() {
        Some(top) => top.checked_add(1),
        None => Some(0),
    };
    let Some(id) = above_all.map(|id| id.max(index.next_id)) else {
        return Err(SnapshotError::Full);
    };
    let key = format!("{SNAPSHOT_KEY_PREFIX}{id}");
    store
        .set(&key, &encode_document(save, SANDBOX_SCHEMA_VERSION))
        .map_err(SnapshotError::Storage)?;
    let meta = SnapshotMeta {
        id,
        name: name.trim().chars().take(80).collect(),
        sim_time: sim_time.to_string(),
    };
    index.items.push(meta.clone());
    index.next_id = id.saturating_add(1);
    if let Err(err) = store.set(
        SNAPSHOTS_KEY,
        &encode_document(&index, SNAPSHOTS_SCHEMA_VERSION),
    ) {
        let _ = store.remove(&key);
        return Err(SnapshotError::Storage(err));
    }
    Ok(meta)
}

/// A snapshot's save, if it is there and readable.
pub fn load_snapshot(store: &mut dyn KeyValueStore, id: u32) -> Option<SandboxSave> {
    let key = format!("{SNAPSHOT_KEY_PREFIX}{id}");
    store.get(&key).ok().flatten()?;
    let loaded = load_sandbox_at(store, &key);
    loaded.state.world.is_some().then_some(loaded.state)
}

pub fn delete_snapshot(store: &mut dyn KeyValueStore, id: u32) -> Result<(), StorageError> {
    let mut index = load_snapshots(store);
    index.items.retain(|m| m.id != id);
    store.set(
        SNAPSHOTS_KEY,
        &encode_document(&index, SNAPSHOTS_SCHEMA_VERSION),
    )?;
    store.remove(&format!("{SNAPSHOT_KEY_PREFIX}{id}"))
}

/// Where the learner is in each lesson: the steps done and the time spent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[serde(default)]
    pub lessons: std::collections::BTreeMap<String, LessonProgress>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonProgress {
    /// Step ids whose goals were met (or quiz answered correctly).
    #[serde(default)]
    pub completed_steps: Vec<String>,
    /// The step the learner is on.
    #[serde(default)]
    pub current_step: usize,
    #[serde(default)]
    pub finished: bool,
    /// Real seconds spent on the lesson page.
    #[serde(default)]
    pub seconds: u64,
    /// How many times the learner started the lesson over: a reset in one tab
    /// wins over older progress kept by another.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resets: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl LessonProgress {
    /// Combines what another tab saved: the later reset wins; otherwise steps
    /// done in either count, finished in either is finished, the longer time
    /// stands, and this tab keeps its own current step.
    pub fn merge(&mut self, other: &LessonProgress) {
        if other.resets > self.resets {
            *self = other.clone();
            return;
        }
        if other.resets < self.resets {
            return;
        }
        for step in &other.completed_steps {
            if !self.completed_steps.contains(step) {
                self.completed_steps.push(step.clone());
            }
        }
        self.finished |= other.finished;
        self.seconds = self.seconds.max(other.seconds);
    }
}

impl Progress {
    /// Merges another tab's progress into this one, lesson by lesson.
    pub fn merge(&mut self, other: &Progress) {
        for (id, theirs) in &other.lessons {
            self.lessons.entry(id.clone()).or_default().merge(theirs);
        }
    }
}

pub const PROGRESS_KEY: &str = "ecs-playground.progress";
pub const PROGRESS_SCHEMA_VERSION: u32 = 1;

pub fn load_progress(store: &mut dyn KeyValueStore) -> Loaded<Progress> {
    load_document(store, PROGRESS_KEY, &[])
}

/// Writes `progress` merged with what is stored (another tab may have saved
/// since this one loaded), and returns what was written. Unreadable stored
/// progress was set aside when it was loaded, so it is not merged.
pub fn save_progress(
    store: &mut dyn KeyValueStore,
    progress: &Progress,
) -> Result<Progress, StorageError> {
    let mut merged = progress.clone();
    if let Ok(Some(text)) = store.get(PROGRESS_KEY) {
        if let Ok(stored) = decode::<Progress>(&text, &[]) {
            merged.merge(&stored);
        }
    }
    store.set(
        PROGRESS_KEY,
        &encode_document(&merged, PROGRESS_SCHEMA_VERSION),
    )?;
    Ok(merged)
}

/// The largest progress file an import reads (a whole curriculum is a few KB).
pub const MAX_PROGRESS_FILE: usize = 256 * 1024;

/// Why an imported progress file was refused (nothing changes then).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    /// Not a progress file this version can read (corrupt, or from a newer version).
    Unreadable,
    Storage(StorageError),
}

/// The learner's progress as a file to keep or take to another browser.
pub fn export_progress(store: &mut dyn KeyValueStore) -> String {
    encode_document(&load_progress(store).state, PROGRESS_SCHEMA_VERSION)
}

/// Reads a progress file and merges it with what is stored (nothing done
/// in either is lost); returns the progress now stored.
pub fn import_progress(store: &mut dyn KeyValueStore, text: &str) -> Result<Progress, ImportError> {
    if text.len() > MAX_PROGRESS_FILE {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let imported: Progress = decode(text, &[]).map_err(|_| ImportError::Unreadable)?;
    save_progress(store, &imported).map_err(ImportError::Storage)
}

fn decode<T: DeserializeOwned>(text: &str, migrations: &[Migration]) -> Result<T, Unreadable> {
    let mut doc: Value = serde_json::from_str(text).map_err(|_| Unreadable::Corrupt)?;
    let version = doc
        .get("schemaVersion")
        .and_then(Value::as_u64)
        .ok_or(Unreadable::Corrupt)?;
    let current = 1 + migrations.len() as u64;
    if version > current {
        return Err(Unreadable::Future(version));
    }
    if version == 0 {
        return Err(Unreadable::Corrupt);
    }
    for step in version..current {
        let migrate = migrations
            .get((step - 1) as usize)
            .ok_or(Unreadable::Corrupt)?;
        doc = migrate(doc).map_err(|_| Unreadable::Corrupt)?;
    }
    if let Value::Object(map) = &mut doc {
        map.remove("schemaVersion");
    }
    serde_json::from_value(doc).map_err(|_| Unreadable::Corrupt)
}

/// Sets `text` aside under the first free backup key (for callers that find a
/// problem the loader could not see, such as a world the model refuses).
pub fn set_aside_text(store: &mut dyn KeyValueStore, text: &str) -> Option<String> {
    set_aside(store, text)
}

/// Copies `text` to the first free backup key; `None` if none could be written.
fn set_aside(store: &mut dyn KeyValueStore, text: &str) -> Option<String> {
    for n in 1..=MAX_BACKUPS {
        let key = format!("{BACKUP_KEY_PREFIX}{n}");
        match store.get(&key) {
            Ok(None) => return store.set(&key, text).ok().map(|()| key),
            Ok(Some(_)) => continue,
            Err(_) => return None,
        }
    }
    None
}

/// The browser's `window.localStorage`.
pub struct LocalStorage {
    storage: Option<web_sys::Storage>,
}

impl LocalStorage {
    /// Opens localStorage; reading it can throw when the browser blocks it, which
    /// leaves a store whose every call answers [`StorageError::Unavailable`].
    pub fn open() -> Self {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        LocalStorage { storage }
    }
}

impl KeyValueStore for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let storage = self.storage.as_ref().ok_or(StorageError::Unavailable)?;
        storage.get_item(key).map_err(|_| StorageError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        let storage = self.storage.as_ref().ok_or(StorageError::Unavailable)?;
        storage.set_item(key, value).map_err(|err| {
            let name = js_error_name(&err);
            if name.contains("Quota") {
                StorageError::QuotaExceeded
            } else {
                StorageError::Other(if name.is_empty() {
                    "unknown error".into()
                } else {
                    name
                })
            }
        })
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        let storage = self.storage.as_ref().ok_or(StorageError::Unavailable)?;
        storage
            .remove_item(key)
            .map_err(|_| StorageError::Unavailable)
    }
}

/// The DOMException's name (`QuotaExceededError`, `SecurityError`, …).
fn js_error_name(err: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(err, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct MemoryStore {
        items: BTreeMap<String, String>,
        blocked: bool,
        full: bool,
        /// Refuses a value longer than this, as a browser's quota does.
        limit: Option<usize>,
    }

    impl KeyValueStore for MemoryStore {
        fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
            if self.blocked {
                return Err(StorageError::Unavailable);
            }
            Ok(self.items.get(key).cloned())
        }
        fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
            if self.blocked {
                return Err(StorageError::Unavailable);
            }
            if self.full || self.limit.is_some_and(|limit| value.len() > limit) {
                return Err(StorageError::QuotaExceeded);
            }
            self.items.insert(key.to_string(), value.to_string());
            Ok(())
        }
        fn remove(&mut self, key: &str) -> Result<(), StorageError> {
            if self.blocked {
                return Err(StorageError::Unavailable);
            }
            self.items.remove(key);
            Ok(())
        }
    }

    fn store_with(text: &str) -> MemoryStore {
        let mut store = MemoryStore::default();
        store.items.insert(STORAGE_KEY.into(), text.into());
        store
    }

    fn sample_state() -> SavedState {
        SavedState {
            settings: Settings {
                lang: Some(Lang::Ja),
                theme: Some(Theme::Dark),
                projector: true,
            },
        }
    }

    #[test]
    fn first_visit_starts_clean_without_a_notice() {
        let loaded = load(&mut MemoryStore::default());
        assert_eq!(
            loaded,
            Loaded {
                state: SavedState::default(),
                notice: None,
                saving_allowed: true
            }
        );
    }

    #[test]
    fn round_trip() {
        let mut store = MemoryStore::default();
        save(&mut store, &sample_state()).unwrap();
        let loaded = load(&mut store);
        assert_eq!(loaded.state, sample_state());
        assert_eq!(loaded.notice, None);
        assert!(store.items[STORAGE_KEY].contains("\"schemaVersion\":1"));
    }

    #[test]
    fn corrupt_json_is_set_aside_and_the_app_starts_clean() {
        let mut store = store_with("{\"schemaVersion\":1, \"settings\": {");
        let loaded = load(&mut store);
        assert_eq!(loaded.state, SavedState::default());
        assert_eq!(
            loaded.notice,
            Some(Notice::CorruptSetAside {
                backup_key: "ecs-playground.backup.1".into()
            })
        );
        assert_eq!(
            store.items["ecs-playground.backup.1"],
            "{\"schemaVersion\":1, \"settings\": {"
        );
        assert!(loaded.saving_allowed);
    }

    #[test]
    fn wrong_shapes_are_corrupt_too() {
        for text in [
            "null",
            "[]",
            "42",
            "{}",
            "{\"schemaVersion\":\"1\"}",
            "{\"schemaVersion\":0}",
            "{\"schemaVersion\":1,\"settings\":{\"lang\":\"fr\"}}",
            "{\"schemaVersion\":1,\"settings\":7}",
        ] {
            let loaded = load(&mut store_with(text));
            assert!(
                matches!(loaded.notice, Some(Notice::CorruptSetAside { .. })),
                "{text}: {loaded:?}"
            );
        }
    }

    #[test]
    fn unknown_fields_from_a_compatible_writer_are_tolerated() {
        let text = r#"{"schemaVersion":1,"settings":{"lang":"en","fontSize":3},"extra":true}"#;
        let loaded = load(&mut store_with(text));
        assert_eq!(loaded.notice, None);
        assert_eq!(loaded.state.settings.lang, Some(Lang::En));
    }

    #[test]
    fn a_future_version_is_set_aside_not_misread() {
        let mut store = store_with(r#"{"schemaVersion":99,"settings":{}}"#);
        let loaded = load(&mut store);
        assert_eq!(
            loaded.notice,
            Some(Notice::FutureVersionSetAside {
                version: 99,
                backup_key: "ecs-playground.backup.1".into()
            })
        );
        assert!(store.items.contains_key("ecs-playground.backup.1"));
    }

    #[test]
    fn backups_never_overwrite_each_other() {
        let mut store = store_with("garbage");
        store
            .items
            .insert("ecs-playground.backup.1".into(), "older garbage".into());
        let loaded = load(&mut store);
        assert_eq!(
            loaded.notice,
            Some(Notice::CorruptSetAside {
                backup_key: "ecs-playground.backup.2".into()
            })
        );
        assert_eq!(store.items["ecs-playground.backup.1"], "older garbage");
        assert_eq!(store.items["ecs-playground.backup.2"], "garbage");
    }

    #[test]
    fn when_nothing_can_be_set_aside_saving_is_paused() {
        let mut store = store_with("garbage");
        store.full = true;
        let loaded = load(&mut store);
        assert_eq!(loaded.notice, Some(Notice::BackupFailed));
        assert!(!loaded.saving_allowed);
        assert_eq!(store.items[STORAGE_KEY], "garbage");
    }

    #[test]
    fn blocked_storage_is_reported() {
        let mut store = MemoryStore {
            blocked: true,
            ..Default::default()
        };
        let loaded = load(&mut store);
        assert_eq!(loaded.notice, Some(Notice::StorageUnavailable));
        assert!(!loaded.saving_allowed);
        assert_eq!(
            save(&mut store, &sample_state()),
            Err(StorageError::Unavailable)
        );
    }

    #[test]
    fn a_full_quota_is_reported_on_save() {
        let mut store = MemoryStore {
            full: true,
            ..Default::default()
        };
        assert_eq!(
            save(&mut store, &sample_state()),
            Err(StorageError::QuotaExceeded)
        );
    }

    #[test]
    fn a_world_too_big_to_save_keeps_its_resources_and_drops_old_metrics() {
        let mut console = ecs_sim::console::Console::default();
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/16");
        // Two days of one metric, a point a minute.
        let points: Vec<Value> = (0..2 * 24 * 60)
            .map(|m| serde_json::json!([m, 1.0, 1.0, 1.0, 1.0]))
            .collect();
        let mut world = serde_json::to_value(&console.world).unwrap();
        world["metrics"]["series"]["AWS/ECS|CPUUtilization|ClusterName=c"] = serde_json::json!({
            "namespace": "AWS/ECS", "name": "CPUUtilization",
            "dimensions": [["ClusterName", "c"]], "unit": "Percent", "points": points,
        });
        let sandbox = SandboxSave {
            world: Some(world),
            ..SandboxSave::default()
        };
        let whole = encode_document(&sandbox, SANDBOX_SCHEMA_VERSION).len();
        let mut store = MemoryStore {
            limit: Some(whole - 1),
            ..Default::default()
        };
        assert_eq!(
            save_sandbox_fitting(&mut store, "k", &sandbox),
            Ok(Some(24 * 60))
        );
        let Ok(saved) = decode::<SandboxSave>(&store.items["k"], &[]) else {
            panic!("the trimmed save reads back");
        };
        let saved_world = saved.world.unwrap();
        let kept = saved_world["metrics"]["series"]["AWS/ECS|CPUUtilization|ClusterName=c"]
            ["points"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(kept.len(), 24 * 60);
        assert_eq!(kept[0][0], 24 * 60, "the newest minutes are kept");
        // The world still loads, with the learner's VPC.
        let loaded = ecs_sim::World::from_json(&saved_world.to_string()).unwrap();
        assert_eq!(loaded.ec2.vpcs.len(), 2);
        // It fits whole: saved whole, nothing said.
        let mut roomy = MemoryStore::default();
        assert_eq!(save_sandbox_fitting(&mut roomy, "k", &sandbox), Ok(None));
        // Nothing fits: the quota error, as before.
        let mut tiny = MemoryStore {
            limit: Some(10),
            ..Default::default()
        };
        assert_eq!(
            save_sandbox_fitting(&mut tiny, "k", &sandbox),
            Err(StorageError::QuotaExceeded)
        );
    }

    #[test]
    fn the_sandbox_is_its_own_versioned_document() {
        let mut store = MemoryStore::default();
        let sandbox = SandboxSave {
            world: Some(serde_json::json!({ "schemaVersion": 1, "now": 42 })),
            files: [("td.json".to_string(), "{}".to_string())]
                .into_iter()
                .collect(),
            vars: [("VPC_ID".to_string(), "vpc-1".to_string())]
                .into_iter()
                .collect(),
            history: vec!["aws ec2 describe-vpcs".into()],
            journal: Some(serde_json::json!({ "seed": 1, "entries": [] })),
        };
        save_sandbox(&mut store, &sandbox).unwrap();
        assert!(store.items[SANDBOX_KEY].contains("\"schemaVersion\":1"));
        let loaded = load_sandbox(&mut store);
        assert_eq!(loaded.state, sandbox);
        assert_eq!(loaded.notice, None);
        // The settings document is untouched by it.
        assert!(!store.items.contains_key(STORAGE_KEY));
    }

    #[test]
    fn a_corrupt_sandbox_is_set_aside() {
        let mut store = MemoryStore::default();
        store.items.insert(
            SANDBOX_KEY.into(),
            "{\"schemaVersion\":1,\"files\":[".into(),
        );
        let loaded = load_sandbox(&mut store);
        assert_eq!(loaded.state, SandboxSave::default());
        assert!(matches!(
            loaded.notice,
            Some(Notice::CorruptSetAside { .. })
        ));
        assert_eq!(
            set_aside_text(&mut store, "x"),
            Some("ecs-playground.backup.2".into())
        );
    }

    // The shipped table is empty (version 1 is the first schema), so the
    // migration mechanics are proven with a table of two test steps.
    fn v1_to_v2(mut doc: Value) -> Result<Value, String> {
        // Pretend v2 moved `settings.lang` up to a top-level `language`.
        let lang = doc.pointer("/settings/lang").cloned();
        if let (Some(lang), Value::Object(map)) = (lang, &mut doc) {
            map.insert("language".into(), lang);
        }
        Ok(doc)
    }
    fn v2_to_v3(mut doc: Value) -> Result<Value, String> {
        let lang = doc.get("language").cloned();
        if let (Some(lang), Value::Object(map)) = (lang, &mut doc) {
            map.remove("language");
            map.insert(
                "settings".into(),
                serde_json::json!({ "lang": lang, "theme": "light" }),
            );
        }
        Ok(doc)
    }
    fn failing(_: Value) -> Result<Value, String> {
        Err("cannot".into())
    }

    #[test]
    fn old_versions_are_migrated_step_by_step() {
        let mut store = store_with(r#"{"schemaVersion":1,"settings":{"lang":"ja"}}"#);
        let loaded = load_with(&mut store, &[v1_to_v2, v2_to_v3]);
        assert_eq!(loaded.notice, None);
        assert_eq!(
            loaded.state.settings,
            Settings {
                lang: Some(Lang::Ja),
                theme: Some(Theme::Light),
                projector: false,
            }
        );
    }

    #[test]
    fn a_failed_migration_sets_the_data_aside() {
        let mut store = store_with(r#"{"schemaVersion":1,"settings":{"lang":"ja"}}"#);
        let loaded = load_with(&mut store, &[failing]);
        assert!(matches!(
            loaded.notice,
            Some(Notice::CorruptSetAside { .. })
        ));
        assert!(store.items.contains_key("ecs-playground.backup.1"));
    }

    #[test]
    fn snapshots_are_kept_listed_restored_and_deleted() {
        let mut store = MemoryStore::default();
        let save = SandboxSave {
            world: Some(serde_json::json!({"now": 60})),
            history: vec!["aws ec2 create-vpc --cidr-block 10.0.0.0/16".into()],
            ..SandboxSave::default()
        };
        let first = save_snapshot(&mut store, "  before the canary  ", "00:01:00", &save).unwrap();
        let second = save_snapshot(&mut store, "after", "00:09:00", &save).unwrap();
        assert_eq!(first.name, "before the canary");
        assert_ne!(first.id, second.id);
        let listed = load_snapshots(&mut store);
        assert_eq!(listed.items, vec![first.clone(), second.clone()]);
        assert_eq!(load_snapshot(&mut store, first.id), Some(save.clone()));
        delete_snapshot(&mut store, first.id).unwrap();
        assert_eq!(load_snapshots(&mut store).items, vec![second.clone()]);
        assert_eq!(load_snapshot(&mut store, first.id), None);
        // Ids are never reused, so an old id cannot name a newer snapshot.
        let third = save_snapshot(&mut store, "third", "00:10:00", &save).unwrap();
        assert!(third.id > second.id);
    }

    #[test]
    fn a_hand_edited_snapshot_index_never_makes_an_id_overflow_or_repeat() {
        let mut store = MemoryStore::default();
        let save = SandboxSave::default();
        let kept = save_snapshot(&mut store, "kept", "00:00:00", &save).unwrap();
        let mut index = load_snapshots(&mut store);
        index.next_id = 0; // behind an id in use
        store
            .set(
                SNAPSHOTS_KEY,
                &encode_document(&index, SNAPSHOTS_SCHEMA_VERSION),
            )
            .unwrap();
        let next = save_snapshot(&mut store, "next", "00:00:00", &save).unwrap();
        assert!(next.id > kept.id);
        let mut index = load_snapshots(&mut store);
        index.items[1].id = u32::MAX;
        index.next_id = u32::MAX;
        store
            .set(
                SNAPSHOTS_KEY,
                &encode_document(&index, SNAPSHOTS_SCHEMA_VERSION),
            )
            .unwrap();
        let last = save_snapshot(&mut store, "last", "00:00:00", &save);
        assert!(
            last.as_ref()
                .is_ok_and(|m| m.id != u32::MAX && m.id != kept.id)
                || last == Err(SnapshotError::Full),
            "{last:?}"
        );
    }

    #[test]
    fn a_snapshot_that_cannot_be_written_leaves_the_list_as_it_was() {
        let mut store = MemoryStore::default();
        let save = SandboxSave {
            world: Some(serde_json::json!({})),
            ..SandboxSave::default()
        };
        for i in 0..MAX_SNAPSHOTS {
            save_snapshot(&mut store, &format!("s{i}"), "00:00:00", &save).unwrap();
        }
        assert_eq!(
            save_snapshot(&mut store, "one more", "00:00:00", &save),
            Err(SnapshotError::Full)
        );
        delete_snapshot(&mut store, 0).unwrap();
        store.full = true;
        assert_eq!(
            save_snapshot(&mut store, "no room", "00:00:00", &save),
            Err(SnapshotError::Storage(StorageError::QuotaExceeded))
        );
        store.full = false;
        assert_eq!(load_snapshots(&mut store).items.len(), MAX_SNAPSHOTS - 1);
    }

    #[test]
    fn two_tabs_saving_in_turn_lose_no_progress_and_a_reset_wins() {
        let mut store = MemoryStore::default();
        let step = |steps: &[&str]| LessonProgress {
            completed_steps: steps.iter().map(|s| s.to_string()).collect(),
            ..LessonProgress::default()
        };
        // Both tabs open the lesson with nothing done.
        let mut a = Progress::default();
        let mut b = Progress::default();
        a.lessons.insert("vpc".into(), step(&["s1"]));
        a = save_progress(&mut store, &a).unwrap();
        // Tab B never saw s1; it finishes s2 and saves: s1 survives.
        b.lessons.insert("vpc".into(), step(&["s2"]));
        b = save_progress(&mut store, &b).unwrap();
        assert_eq!(b.lessons["vpc"].completed_steps, ["s2", "s1"]);
        // Another lesson in tab A: both lessons are kept.
        a.lessons.insert("ecr".into(), step(&["e1"]));
        let a2 = save_progress(&mut store, &a).unwrap();
        assert_eq!(a2.lessons.len(), 2);
        assert_eq!(a2.lessons["vpc"].completed_steps.len(), 2);
        // Tab B starts the VPC lesson over: its reset is not undone by A's older steps.
        let mut reset = b.clone();
        reset.lessons.insert(
            "vpc".into(),
            LessonProgress {
                resets: 1,
                ..LessonProgress::default()
            },
        );
        save_progress(&mut store, &reset).unwrap();
        let after = save_progress(&mut store, &a2).unwrap();
        assert!(after.lessons["vpc"].completed_steps.is_empty(), "{after:?}");
        assert_eq!(after.lessons["ecr"].completed_steps, ["e1"]);
        assert_eq!(load_progress(&mut store).state, after);
    }

    #[test]
    fn progress_goes_out_as_a_file_and_comes_back_merged() {
        let mut here = MemoryStore::default();
        let mut progress = Progress::default();
        progress.lessons.insert(
            "vpc-cidr".into(),
            LessonProgress {
                completed_steps: vec!["a".into(), "b".into()],
                finished: true,
                ..LessonProgress::default()
            },
        );
        save_progress(&mut here, &progress).unwrap();
        let file = export_progress(&mut here);
        // Another browser with progress of its own.
        let mut there = MemoryStore::default();
        let mut own = Progress::default();
        own.lessons
            .insert("ecs-basics".into(), LessonProgress::default());
        save_progress(&mut there, &own).unwrap();
        let merged = import_progress(&mut there, &file).unwrap();
        assert!(merged.lessons["vpc-cidr"].finished);
        assert!(merged.lessons.contains_key("ecs-basics"));
        assert_eq!(load_progress(&mut there).state, merged);
        // Refused, and nothing changes: not JSON, a newer version, too large.
        let before = there.items.clone();
        assert_eq!(
            import_progress(&mut there, "{nope"),
            Err(ImportError::Unreadable)
        );
        assert_eq!(
            import_progress(&mut there, r#"{"schemaVersion": 9, "lessons": {}}"#),
            Err(ImportError::Unreadable)
        );
        let huge = " ".repeat(MAX_PROGRESS_FILE + 1);
        assert!(matches!(
            import_progress(&mut there, &huge),
            Err(ImportError::TooLarge { .. })
        ));
        assert_eq!(there.items, before);
    }
}
