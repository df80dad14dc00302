//! The sandbox session: the page's side of the engine. It sends the engine
//! typed requests (`ecs_protocol::Request`) and keeps what comes back —
//! terminal lines, the clock and the watched views — in signals for the
//! components; and it saves the account between visits. Components not yet
//! behind the protocol still read the world through [`Sandbox::with_world`]
//! ([`Sandbox::revision`] is bumped whenever it changes).

use crate::persistence::{self, LocalStorage, Notice, SandboxSave};
use ecs_engine::Engine;
pub use ecs_protocol::{LineKind, TermLine};
// `Update` would shadow leptos's trait of that name.
use ecs_protocol::{FormValues, Request, Status, Update as EngineUpdate, View, ViewQuery};
use ecs_sim::console::{Console, Journal};
use ecs_sim::World;
use leptos::prelude::*;

/// The speeds the toolbar offers (simulated seconds per real second).
pub const SPEEDS: [u32; 4] = [1, 10, 60, 600];
/// The terminal keeps this many lines; older ones scroll away for good.
const MAX_LINES: usize = 2_000;
const MAX_HISTORY: usize = 500;
/// While time runs, the world is saved at most this often (real milliseconds).
const SAVE_EVERY_MS: u64 = 5_000;

/// App-wide handle to the sandbox, provided through context (all fields are `Copy`).
#[derive(Clone, Copy)]
pub struct Sandbox {
    engine: StoredValue<Engine>,
    pub revision: RwSignal<u64>,
    pub lines: RwSignal<Vec<TermLine>>,
    pub history: RwSignal<Vec<String>>,
    /// The clock, the prompt and the speed, as the engine last sent them.
    pub status: RwSignal<Status>,
    /// The watched views, as the engine last sent them.
    pub summary: RwSignal<ecs_protocol::Summary>,
    pub events: RwSignal<Vec<ecs_protocol::Event>>,
    pub logs: RwSignal<ecs_protocol::Logs>,
    pub diagram: RwSignal<ecs_protocol::diagram::Diagram>,
    pub charts: RwSignal<Vec<ecs_protocol::charts::Chart>>,
    pub form_index: RwSignal<ecs_protocol::FormIndex>,
    /// The open form (one at a time).
    pub form: RwSignal<ecs_protocol::FormView>,
    pub task_definitions: RwSignal<ecs_protocol::TaskDefinitions>,
    /// The last share link asked for: its payload, or why there is none.
    pub share_link: RwSignal<Option<Result<String, ecs_protocol::ShareRefusal>>>,
    /// The last file asked for, by kind (`None` inside: nothing of that kind).
    pub export: RwSignal<Option<(ecs_protocol::ExportKind, Option<ecs_protocol::Export>)>>,
    /// The selection's side panel (none while nothing is selected).
    pub panel: RwSignal<Option<ecs_protocol::panel::Panel>>,
    /// The last `run_lines`' output (`Some(None)`: nothing ran, the console was busy).
    pub lines_run: RwSignal<Option<Option<ecs_protocol::CommandOutput>>>,
    /// The last revision loaded: its reference and JSON.
    pub revision_json: RwSignal<Option<(String, Option<String>)>>,
    /// The last form run: the form's id and what happened.
    pub form_run: RwSignal<Option<(String, ecs_protocol::FormOutcome)>>,
    /// Tab completion's last answer: the completed line and the candidates.
    pub completion: RwSignal<Option<(String, Vec<String>)>>,
    /// The views the mounted components watch, each under a key of its own.
    watching: StoredValue<Vec<(u64, ViewQuery)>>,
    next_watch: StoredValue<u64>,
    /// Bumped when something outside the dock (a lesson's "run in the console")
    /// wants the console tab shown and scrolled into view.
    pub console_wanted: RwSignal<u64>,
    /// Real milliseconds since the last save while time runs.
    since_save_ms: StoredValue<u64>,
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
            engine: StoredValue::new(Engine::new(console)),
            revision: RwSignal::new(0),
            lines: RwSignal::new(Vec::new()),
            history: RwSignal::new(saved.history),
            status: RwSignal::new(Status::default()),
            summary: RwSignal::new(Default::default()),
            events: RwSignal::new(Vec::new()),
            logs: RwSignal::new(Default::default()),
            diagram: RwSignal::new(Default::default()),
            charts: RwSignal::new(Vec::new()),
            form_index: RwSignal::new(Default::default()),
            form: RwSignal::new(Default::default()),
            form_run: RwSignal::new(None),
            task_definitions: RwSignal::new(Default::default()),
            panel: RwSignal::new(None),
            share_link: RwSignal::new(None),
            export: RwSignal::new(None),
            lines_run: RwSignal::new(None),
            revision_json: RwSignal::new(None),
            completion: RwSignal::new(None),
            watching: StoredValue::new(Vec::new()),
            next_watch: StoredValue::new(0),
            console_wanted: RwSignal::new(0),
            since_save_ms: StoredValue::new(0),
            saving_allowed: StoredValue::new(loaded.saving_allowed),
            notice: notice_banner,
            key: StoredValue::new(key.to_string()),
        };
        if notice.is_some() {
            notice_banner.set(notice);
        }
        sandbox.send(Request::Watch { views: Vec::new() });
        sandbox
    }

    /// Sends one request to the engine and takes in what it answers.
    fn send(&self, request: Request) {
        self.send_within(request, &|| true);
    }

    fn send_within(&self, request: Request, within_budget: &dyn Fn() -> bool) {
        let updates = self
            .engine
            .try_update_value(|engine| engine.handle(request, within_budget))
            .unwrap_or_default();
        self.take(updates);
    }

    /// Applies the engine's updates to the signals the components read.
    fn take(&self, updates: Vec<EngineUpdate>) {
        for update in updates {
            match update {
                EngineUpdate::Terminal { clear, lines } => self.lines.update(|shown| {
                    if clear {
                        shown.clear();
                    }
                    shown.extend(lines);
                    keep_recent(shown, MAX_LINES);
                }),
                EngineUpdate::Status(status) => self.status.set(status),
                EngineUpdate::Completion {
                    completed,
                    candidates,
                } => self.completion.set(Some((completed, candidates))),
                EngineUpdate::View(View::Summary(summary)) => self.summary.set(summary),
                EngineUpdate::View(View::Events(events)) => self.events.set(events),
                EngineUpdate::View(View::Logs(logs)) => self.logs.set(logs),
                EngineUpdate::View(View::Diagram(diagram)) => self.diagram.set(diagram),
                EngineUpdate::View(View::Charts(charts)) => self.charts.set(charts),
                EngineUpdate::View(View::FormIndex(index)) => self.form_index.set(index),
                EngineUpdate::View(View::Form(form)) => self.form.set(form),
                EngineUpdate::View(View::TaskDefinitions(view)) => self.task_definitions.set(view),
                EngineUpdate::View(View::Panel(panel)) => self.panel.set(panel),
                EngineUpdate::ShareLink(link) => self.share_link.set(Some(link)),
                EngineUpdate::Export { kind, file } => self.export.set(Some((kind, file))),
                EngineUpdate::LinesRun { output } => self.lines_run.set(Some(output)),
                EngineUpdate::RevisionJson { reference, json } => {
                    self.revision_json.set(Some((reference, json)))
                }
                EngineUpdate::FormRun { id, outcome, ran } => {
                    self.remember(ran.iter().flat_map(|l| l.lines()));
                    self.form_run.set(Some((id, outcome)));
                }
            }
        }
        // Commands change the world without moving the clock: the components
        // still reading the world directly re-read it after any request.
        self.revision.update(|r| *r += 1);
    }

    /// Watches `query` until the calling component is cleaned up: its view
    /// signal follows the world from now on.
    pub fn watch(&self, query: ViewQuery) {
        self.watch_query(move || query.clone());
    }

    /// Watches the view `query` describes, following it as the signals it
    /// reads change (a filter, a selection, the values typed), until the
    /// calling component is cleaned up.
    pub fn watch_query(&self, query: impl Fn() -> ViewQuery + Send + Sync + 'static) {
        let key = self.next_watch.get_value();
        self.next_watch.set_value(key + 1);
        self.watching
            .update_value(|w| w.push((key, untrack(&query))));
        self.send_watch();
        let sandbox = *self;
        Effect::new(move |first: Option<()>| {
            let now = query();
            if first.is_some() {
                sandbox.watching.update_value(|w| {
                    if let Some(entry) = w.iter_mut().find(|(k, _)| *k == key) {
                        entry.1 = now;
                    }
                });
                sandbox.send_watch();
            }
        });
        on_cleanup(move || {
            if sandbox
                .watching
                .try_update_value(|w| w.retain(|(k, _)| *k != key))
                .is_some()
            {
                sandbox.send_watch();
            }
        });
    }

    fn send_watch(&self) {
        let mut views: Vec<ViewQuery> = Vec::new();
        self.watching.with_value(|w| {
            for (_, query) in w {
                if !views.contains(query) {
                    views.push(query.clone());
                }
            }
        });
        self.send(Request::Watch { views });
    }

    /// Simulated seconds per real second; 0 = paused.
    pub fn speed(&self) -> u32 {
        self.status.with(|s| s.speed)
    }

    pub fn set_speed(&self, speed: u32) {
        self.send(Request::SetSpeed { speed });
    }

    /// Reads the world (tracked: the caller re-runs when it changes).
    pub fn with_world<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.revision.track();
        self.engine.with_value(|e| read(&e.console().world))
    }

    /// `$ ` normally, `> ` while a command needs more lines.
    pub fn prompt(&self) -> &'static str {
        if self.status.with(|s| s.waiting) {
            "> "
        } else {
            "$ "
        }
    }

    /// Shows a line of text in the terminal without running it.
    pub fn say(&self, text: &str) {
        self.send(Request::Say {
            text: text.to_string(),
        });
    }

    /// Runs one typed line (or collects it into a multi-line command).
    pub fn submit(&self, text: &str) {
        self.remember(std::iter::once(text));
        self.send(Request::Line {
            text: text.to_string(),
        });
        self.save();
    }

    /// Runs a form with `values` (the outcome arrives in [`Sandbox::form_run`]).
    pub fn run_form(&self, id: &str, values: FormValues) {
        self.send(Request::RunForm {
            id: id.to_string(),
            values,
        });
        self.save();
    }

    /// Tab: asks the engine to complete `text` (the answer arrives in [`Sandbox::completion`]).
    pub fn complete(&self, text: &str) {
        self.send(Request::Complete {
            text: text.to_string(),
        });
    }

    /// Keeps typed lines in the input history (↑/↓), skipping blanks and repeats.
    fn remember<'a>(&self, lines: impl IntoIterator<Item = &'a str>) {
        self.history.update(|h| {
            for line in lines {
                if !line.trim().is_empty() && h.last().map(String::as_str) != Some(line) {
                    h.push(line.to_string());
                }
            }
            keep_recent(h, MAX_HISTORY);
        });
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
        let lines: Vec<String> = complete.split('\n').map(str::to_string).collect();
        self.remember(lines.iter().map(String::as_str));
        self.send(Request::Lines { lines });
        self.save();
        rest.to_string()
    }

    /// Runs a lesson's code block as if pasted with a final line break, and
    /// asks the workspace to show the console (a [`Sandbox::console_wanted`] bump).
    pub fn run_block(&self, text: &str) {
        if self.status.with_untracked(|s| s.waiting) {
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
        self.send(Request::Interrupt {
            typed: typed.to_string(),
        });
        self.save();
    }

    /// Runs console lines a component built, as if typed: they show in the
    /// terminal and its history, and the output arrives in [`Sandbox::lines_run`].
    pub fn run_lines(&self, lines: Vec<String>) {
        if !self.status.with_untracked(|s| s.waiting) {
            self.remember(lines.iter().flat_map(|l| l.lines()));
        }
        self.send(Request::RunLines { lines });
        self.save();
    }

    /// Asks for a revision's JSON (it arrives in [`Sandbox::revision_json`]).
    pub fn load_revision(&self, reference: &str) {
        self.send(Request::LoadRevision {
            reference: reference.to_string(),
        });
    }

    /// One animation frame: `elapsed_ms` of real time at the current speed,
    /// advanced by the engine while `within_budget` says the frame has time.
    pub fn tick(&self, elapsed_ms: u64, within_budget: impl Fn() -> bool) {
        if self.status.with_untracked(|s| s.speed) == 0 {
            return;
        }
        self.send_within(Request::Frame { elapsed_ms }, &within_budget);
        let since = self.since_save_ms.get_value() + elapsed_ms;
        self.since_save_ms.set_value(since);
        if since >= SAVE_EVERY_MS {
            self.save();
        }
    }

    /// Moves time by a fixed step (the step buttons).
    pub fn step(&self, seconds: u64) {
        self.send(Request::Step { seconds });
        self.save();
    }

    /// Moves time on until deployments and services settle (at most two hours).
    pub fn advance_until_steady(&self) {
        self.send(Request::UntilSteady);
        self.save();
    }

    /// Writes the sandbox to storage; a failure shows in the app's notice banner.
    pub fn save(&self) {
        self.since_save_ms.set_value(0);
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
        self.engine.with_value(|e| {
            let c = e.console();
            SandboxSave {
                world: serde_json::to_value(&c.world).ok(),
                files: c.files.clone(),
                vars: c.vars.clone(),
                history: self.history.get_untracked(),
                journal: c.journal().and_then(|j| serde_json::to_value(j).ok()),
            }
        })
    }

    /// Replaces the account with a saved one (a snapshot); `false` if its world
    /// does not read, in which case nothing changes.
    pub fn restore(&self, save: SandboxSave) -> bool {
        let Some(Ok(console)) = console_from(&save) else {
            return false;
        };
        self.replace(console);
        true
    }

    /// Asks for the share link's payload (it arrives in [`Sandbox::share_link`]).
    pub fn request_share_link(&self) {
        self.send(Request::ShareLink);
    }

    /// Asks for a file of the account (it arrives in [`Sandbox::export`]).
    pub fn request_export(&self, kind: ecs_protocol::ExportKind) {
        self.send(Request::Export { kind });
    }

    /// Keeps the sandbox as it is now as a named snapshot (at its clock).
    pub fn keep_snapshot(
        &self,
        name: &str,
    ) -> Result<persistence::SnapshotMeta, persistence::SnapshotError> {
        let time = self
            .engine
            .with_value(|e| e.console().world.now.to_string());
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
        self.replace(console);
        Ok(backup_name.to_string())
    }

    /// A fresh account (same seed); the terminal and history stay.
    pub fn reset(&self) {
        self.submit("sim reset");
    }

    /// A copy of the whole console (world, variables, files): a lesson's step snapshot.
    pub fn snapshot(&self) -> Console {
        self.engine.with_value(|e| e.console().clone())
    }

    /// Replaces the account with `console` (a lesson's starting world), then saves.
    pub fn replace(&self, console: Console) {
        self.engine.update_value(|e| e.replace(console));
        self.lines.set(Vec::new());
        let updates = self
            .engine
            .try_update_value(Engine::changes)
            .unwrap_or_default();
        self.take(updates);
        self.save();
    }

    /// Reads the whole console without subscribing (for event handlers and initial values).
    pub fn console_untracked<T>(&self, read: impl FnOnce(&Console) -> T) -> T {
        self.engine.with_value(|e| read(e.console()))
    }

    /// Reads the whole console (tracked), for lesson goals that run console lines.
    pub fn with_console<T>(&self, read: impl FnOnce(&Console) -> T) -> T {
        self.revision.track();
        self.engine.with_value(|e| read(e.console()))
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
