//! The sandbox session: one simulated account with its console, the time warp
//! that advances it, and saving it between visits. Views read it through
//! [`Sandbox::revision`], which is bumped whenever the world changes.

use crate::persistence::{self, LocalStorage, Notice, SandboxSave};
use ecs_sim::console::{Console, Journal};
use ecs_sim::{Duration, World};
use leptos::prelude::*;

/// The speeds the toolbar offers (simulated seconds per real second).
pub const SPEEDS: [u32; 4] = [1, 10, 60, 600];
/// The terminal keeps this many lines; older ones scroll away for good.
const MAX_LINES: usize = 2_000;
const MAX_HISTORY: usize = 500;
/// The time warp advances the world in chunks of this many simulated seconds,
/// checking the frame's time budget between them.
const TICK_CHUNK_SECONDS: u64 = 5;
/// While time runs, the world is saved at most this often (real milliseconds).
const SAVE_EVERY_MS: u64 = 5_000;

/// How a terminal line is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Input,
    Output,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermLine {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// App-wide handle to the sandbox, provided through context (all fields are `Copy`).
#[derive(Clone, Copy)]
pub struct Sandbox {
    console: StoredValue<Console>,
    pub revision: RwSignal<u64>,
    pub lines: RwSignal<Vec<TermLine>>,
    pub history: RwSignal<Vec<String>>,
    /// Simulated seconds per real second; 0 = paused.
    pub speed: RwSignal<u32>,
    /// Bumped when something outside the dock (a lesson's "run in the console")
    /// wants the console tab shown and scrolled into view.
    pub console_wanted: RwSignal<u64>,
    /// Fractional simulated milliseconds not yet advanced, and time since the last save.
    carry_ms: StoredValue<(u64, u64)>,
    next_line_id: StoredValue<u64>,
    saving_allowed: StoredValue<bool>,
    /// The app's notice banner, for storage problems.
    notice: RwSignal<Option<Notice>>,
    /// Where this account is saved: the free sandbox's key or a lesson's.
    key: StoredValue<String>,
}

impl Sandbox {
    /// Restores the saved sandbox, or starts a fresh account. A save that cannot
    /// be read is set aside by the persistence module and reported as a notice.
    pub fn load(notice_banner: RwSignal<Option<Notice>>) -> Sandbox {
        Self::load_at(persistence::SANDBOX_KEY, notice_banner, Console::default)
    }

    /// The account saved under `key`, or the one `fresh` makes when nothing is saved there.
    pub fn load_at(
        key: &str,
        notice_banner: RwSignal<Option<Notice>>,
        fresh: impl FnOnce() -> Console,
    ) -> Sandbox {
        let loaded = persistence::load_sandbox_at(&mut LocalStorage::open(), key);
        let mut notice = loaded.notice.clone();
        let saved = loaded.state;
        let console = match console_from(&saved) {
            Some(Ok(console)) => console,
            Some(Err(_)) => {
                // The document parsed but the world inside did not: keep it aside too.
                let text =
                    persistence::encode_document(&saved, persistence::SANDBOX_SCHEMA_VERSION);
                if let Some(key) = persistence::set_aside_text(&mut LocalStorage::open(), &text) {
                    notice = Some(Notice::SandboxSetAside { backup_key: key });
                }
                fresh()
            }
            None => fresh(),
        };
        let sandbox = Sandbox {
            console: StoredValue::new(console),
            revision: RwSignal::new(0),
            lines: RwSignal::new(Vec::new()),
            history: RwSignal::new(saved.history),
            speed: RwSignal::new(0),
            console_wanted: RwSignal::new(0),
            carry_ms: StoredValue::new((0, 0)),
            next_line_id: StoredValue::new(0),
            saving_allowed: StoredValue::new(loaded.saving_allowed),
            notice: notice_banner,
            key: StoredValue::new(key.to_string()),
        };
        if notice.is_some() {
            notice_banner.set(notice);
        }
        sandbox
    }

    /// Reads the world (tracked: the caller re-runs when it changes).
    pub fn with_world<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.revision.track();
        self.console.with_value(|c| read(&c.world))
    }

    /// `$ ` normally, `> ` while a command needs more lines.
    pub fn prompt(&self) -> &'static str {
        self.revision.track();
        if self.console.with_value(Console::is_waiting) {
            "> "
        } else {
            "$ "
        }
    }

    fn push_lines(&self, kind: LineKind, text: &str) {
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.is_empty() && kind != LineKind::Input {
            return;
        }
        let first = self.next_line_id.get_value();
        let count = text.split('\n').count() as u64;
        self.next_line_id.set_value(first + count);
        self.lines.update(|lines| {
            lines.extend(text.split('\n').enumerate().map(|(i, line)| TermLine {
                id: first + i as u64,
                kind,
                text: line.to_string(),
            }));
            keep_recent(lines, MAX_LINES);
        });
    }

    /// Shows a line of text in the terminal without running it.
    pub fn say(&self, text: &str) {
        self.push_lines(LineKind::Output, text);
    }

    /// Runs one typed line (or collects it into a multi-line command).
    pub fn submit(&self, text: &str) {
        let prompt = self.prompt();
        self.push_lines(LineKind::Input, &format!("{prompt}{text}"));
        if !text.trim().is_empty() {
            self.history.update(|h| {
                if h.last().map(String::as_str) != Some(text) {
                    h.push(text.to_string());
                }
                keep_recent(h, MAX_HISTORY);
            });
        }
        let output = self
            .console
            .try_update_value(|c| c.feed_line(text))
            .flatten();
        if let Some(output) = output {
            if output.clear {
                self.lines.set(Vec::new());
            }
            self.push_lines(LineKind::Output, &output.stdout);
            self.push_lines(LineKind::Error, &output.stderr);
        }
        self.revision.update(|r| *r += 1);
        self.save();
    }

    /// Runs a pasted block the way a terminal does: every complete line is
    /// submitted in turn, as if typed (here-documents and open quotes span
    /// lines as usual), and the text after the last line break is returned,
    /// to stay in the input line until the learner presses Enter.
    pub fn paste(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let (complete, rest) = match text.rfind('\n') {
            Some(end) => (&text[..end], &text[end + 1..]),
            None => return text,
        };
        for line in complete.split('\n') {
            self.submit(line);
        }
        rest.to_string()
    }

    /// Runs a lesson's code block as if pasted with a final line break, and
    /// asks the workspace to show the console (a [`Sandbox::console_wanted`] bump).
    pub fn run_block(&self, text: &str) {
        if self.console.with_value(Console::is_waiting) {
            // An unfinished command of the learner's own would swallow the block.
            self.interrupt("");
        }
        let rest = self.paste(&format!("{text}\n"));
        debug_assert!(rest.is_empty());
        self.console_wanted.update(|n| *n += 1);
    }

    /// Ctrl+C: the line being typed is dropped (shown with `^C`, as a shell
    /// echoes it) and so is any unfinished command waiting at `> `.
    pub fn interrupt(&self, typed: &str) {
        let prompt = self.prompt();
        self.push_lines(LineKind::Input, &format!("{prompt}{typed}^C"));
        self.console.update_value(|c| {
            c.interrupt();
        });
        self.revision.update(|r| *r += 1);
        self.save();
    }

    /// Runs the command lines a form built, as if typed: they show in the
    /// terminal and its history, and the whole output comes back to the form.
    /// `None` while the console is in the middle of a command of the learner's
    /// own (a here-document), which a form must not cut short.
    pub fn run_lines(&self, lines: &[String]) -> Option<ecs_sim::console::Output> {
        if self.console.with_value(Console::is_waiting) {
            return None;
        }
        let text = lines.join("\n");
        // A command spanning lines (a here-document) continues after `> `.
        for command in lines {
            for (i, line) in command.lines().enumerate() {
                let prompt = if i == 0 { "$ " } else { "> " };
                self.push_lines(LineKind::Input, &format!("{prompt}{line}"));
            }
        }
        self.history.update(|h| {
            h.extend(lines.iter().flat_map(|l| l.lines()).map(str::to_string));
            keep_recent(h, MAX_HISTORY);
        });
        let output = self.console.try_update_value(|c| c.run(&text))?;
        self.push_lines(LineKind::Output, &output.stdout);
        self.push_lines(LineKind::Error, &output.stderr);
        self.revision.update(|r| *r += 1);
        self.save();
        Some(output)
    }

    /// Advances the world by `elapsed_ms` of real time at the current speed,
    /// one animation frame's worth. The simulated seconds due are run in small
    /// chunks while `within_budget` says the frame has time left; what does
    /// not fit is dropped, so a heavy world runs slower than asked instead of
    /// freezing the page (A/B Street's `time_limited_step`). Returns the
    /// simulated seconds dropped.
    pub fn tick(&self, elapsed_ms: u64, within_budget: impl Fn() -> bool) -> u64 {
        let speed = u64::from(self.speed.get_untracked());
        if speed == 0 {
            return 0;
        }
        let (carry, since_save) = self.carry_ms.get_value();
        let total = carry + elapsed_ms * speed;
        let due = total / 1000;
        self.carry_ms
            .set_value((total % 1000, since_save + elapsed_ms));
        let mut done = 0;
        if due > 0 {
            self.console.update_value(|c| {
                while done < due {
                    let chunk = (due - done).min(TICK_CHUNK_SECONDS);
                    c.world.advance(Duration(chunk));
                    done += chunk;
                    if !within_budget() {
                        break;
                    }
                }
            });
            self.revision.update(|r| *r += 1);
        }
        if since_save + elapsed_ms >= SAVE_EVERY_MS {
            self.save();
        }
        due - done
    }

    /// Moves time by a fixed step (the step buttons).
    pub fn step(&self, seconds: u64) {
        self.console
            .update_value(|c| c.world.advance(Duration(seconds)));
        self.revision.update(|r| *r += 1);
        self.save();
    }

    /// Moves time on until deployments and services settle (at most two hours).
    pub fn advance_until_steady(&self) {
        self.console.update_value(|c| {
            c.world
                .advance_until_steady(Duration(15), Duration(2 * 3600));
        });
        self.revision.update(|r| *r += 1);
        self.save();
    }

    /// Writes the sandbox to storage; a failure shows in the app's notice banner.
    pub fn save(&self) {
        let (carry, _) = self.carry_ms.get_value();
        self.carry_ms.set_value((carry, 0));
        if !self.saving_allowed.get_value() {
            return;
        }
        let save = self.to_save();
        let key = self.key.get_value();
        match persistence::save_sandbox_fitting(&mut LocalStorage::open(), &key, &save) {
            Ok(None) => {}
            Ok(Some(minutes)) => self
                .notice
                .set(Some(Notice::SavedWithRecentMetrics { minutes })),
            Err(err) => self.notice.set(Some(Notice::SaveFailed(err))),
        }
    }

    /// Everything that is saved of this sandbox.
    pub fn to_save(&self) -> SandboxSave {
        self.console.with_value(|c| SandboxSave {
            world: serde_json::to_value(&c.world).ok(),
            files: c.files.clone(),
            vars: c.vars.clone(),
            history: self.history.get_untracked(),
            journal: c.journal().and_then(|j| serde_json::to_value(j).ok()),
        })
    }

    /// Replaces the account with a saved one (a snapshot); `false` if its world
    /// does not read, in which case nothing changes.
    pub fn restore(&self, save: SandboxSave) -> bool {
        let Some(Ok(console)) = console_from(&save) else {
            return false;
        };
        self.speed.set(0);
        self.replace(console);
        true
    }

    /// The share-link payload for this sandbox (its journal and clock).
    pub fn share_payload(&self) -> Result<String, ecs_engine::share::ShareError> {
        self.console.with_value(|c| match c.journal() {
            Some(journal) => ecs_engine::share::encode(journal, c.world.now.0),
            None => Err(ecs_engine::share::ShareError::NoJournal),
        })
    }

    /// Keeps the sandbox as it is now as a named snapshot (at its clock).
    pub fn keep_snapshot(
        &self,
        name: &str,
    ) -> Result<persistence::SnapshotMeta, persistence::SnapshotError> {
        let time = self.console.with_value(|c| c.world.now.to_string());
        persistence::save_snapshot(&mut LocalStorage::open(), name, &time, &self.to_save())
    }

    /// Opens a shared link's payload: the current sandbox is kept as a snapshot
    /// first, then the link's journal is replayed in its place. On any error
    /// nothing changes and the reason is returned.
    pub fn open_shared(&self, payload: &str, backup_name: &str) -> Result<String, String> {
        use ecs_engine::share::ShareError;
        let (journal, until) = ecs_engine::share::decode(payload).map_err(|e| match e {
            ShareError::Corrupt(stage) => format!("the link is damaged: {stage} decoding failed"),
            ShareError::UnknownVersion(v) => format!("made by a newer version (format {v})"),
            ShareError::TooLarge { chars } => {
                format!("{chars} characters is more than a link carries")
            }
            ShareError::NoJournal => "no history".into(),
        })?;
        let console = Console::replay(&journal, until).map_err(|e| e.to_string())?;
        self.open_in_place(console, backup_name)
    }

    /// Puts `console` in place of the current sandbox, which is kept as the
    /// snapshot `backup_name` first; if it cannot be kept, nothing changes.
    pub fn open_in_place(&self, console: Console, backup_name: &str) -> Result<String, String> {
        self.keep_snapshot(backup_name).map_err(|e| match e {
                persistence::SnapshotError::Full => format!(
                    "{} snapshots are kept already; delete one so the current sandbox can be kept first",
                    persistence::MAX_SNAPSHOTS
                ),
                persistence::SnapshotError::Storage(err) => {
                    format!("the current sandbox could not be kept as a snapshot first ({err:?})")
                }
            })?;
        self.speed.set(0);
        self.replace(console);
        Ok(backup_name.to_string())
    }

    /// A fresh account (same seed); the terminal and history stay.
    pub fn reset(&self) {
        self.submit("sim reset");
    }

    /// A copy of the whole console (world, variables, files): a lesson's step snapshot.
    pub fn snapshot(&self) -> Console {
        self.console.get_value()
    }

    /// Replaces the account with `console` (a lesson's starting world), then saves.
    pub fn replace(&self, console: Console) {
        self.console.set_value(console);
        self.lines.set(Vec::new());
        self.revision.update(|r| *r += 1);
        self.save();
    }

    /// Reads the whole console without subscribing (for event handlers and initial values).
    pub fn console_untracked<T>(&self, read: impl FnOnce(&Console) -> T) -> T {
        self.console.with_value(read)
    }

    /// Reads the whole console (tracked), for lesson goals that run console lines.
    pub fn with_console<T>(&self, read: impl FnOnce(&Console) -> T) -> T {
        self.revision.track();
        self.console.with_value(read)
    }
}

/// Drops the oldest entries beyond `max`.
fn keep_recent<T>(list: &mut Vec<T>, max: usize) {
    if list.len() > max {
        let excess = list.len() - max;
        list.drain(..excess);
    }
}

/// The console a save holds: `None` when it has no world, `Err` when its
/// world does not read.
fn console_from(save: &SandboxSave) -> Option<Result<Console, ()>> {
    let world = save.world.as_ref()?;
    Some(
        World::from_json(&world.to_string())
            .map_err(|_| ())
            .map(|world| {
                let mut console = Console::new(world);
                console.files = save.files.clone();
                console.vars = save.vars.clone();
                // A journal that does not read leaves the history unknown (sharing
                // says so); the world itself is what matters.
                console.set_journal(
                    save.journal
                        .clone()
                        .and_then(|j| serde_json::from_value::<Journal>(j).ok()),
                );
                console
            }),
    )
}

/// The sandbox from context.
pub fn use_sandbox() -> Sandbox {
    // invariant: `App` provides the sandbox before any page is built.
    expect_context::<Sandbox>()
}
