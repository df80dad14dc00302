//! A session: one account as a page shows it (the free sandbox, or a
//! lesson's own account). It sends the engine typed requests
//! (`ecs_protocol::Request`) through [`crate::engine_link`] and keeps what
//! comes back — terminal lines, the clock, the watched views, the lesson's
//! goals, answers — in signals for the components. The engine writes the
//! account as a document; this module, through `persistence`, keeps it.

use crate::engine_link;
use crate::persistence::{self, LocalStorage, Notice, SandboxSave, SnapshotError, SnapshotMeta};
pub use ecs_protocol::{LineKind, TermLine};
// `Update` would shadow leptos's trait of that name.
use ecs_protocol::lesson::LessonUpdate;
use ecs_protocol::{
    FormValues, LessonFile, LessonRequest, Replacing, Request, SaveDocument, Status, Text,
    Update as EngineUpdate, View, ViewQuery,
};
use leptos::prelude::*;

/// The speeds the toolbar offers (simulated seconds per real second).
pub const SPEEDS: [u32; 4] = [1, 10, 60, 600];
/// The terminal keeps this many lines; older ones scroll away for good.
const MAX_LINES: usize = 2_000;
const MAX_HISTORY: usize = 500;
/// While time runs, the world is saved at most this often (real milliseconds).
const SAVE_EVERY_MS: u64 = 5_000;

/// The current lesson step's goals as the engine last checked them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonGoals {
    pub step: usize,
    pub met: Vec<bool>,
    pub near_miss: Option<Text>,
}

/// A replacement's outcome: what replaced the account, and the snapshot the
/// old one was kept as (`Ok`), or why nothing changed (`Err`).
pub type ReplacedOutcome = (Replacing, Result<Option<String>, String>);

/// A session's handle, provided through context by the page that shows the account (all fields are `Copy`).
#[derive(Clone, Copy)]
pub struct Sandbox {
    /// This account's session in the engine.
    session: u64,
    /// Bumped with every reply from the engine.
    pub revision: RwSignal<u64>,
    /// The engine has opened the account (its first answer).
    pub opened: RwSignal<bool>,
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
    /// The lesson's goals for the current step (lesson accounts only).
    pub lesson_goals: RwSignal<Option<LessonGoals>>,
    /// The engine's last answer about the lesson (a prediction, a comparison, a re-check).
    pub lesson_answer: RwSignal<Option<LessonUpdate>>,
    /// A new account put in place of this one (a shared or facilitator's
    /// link): the snapshot the old one was kept as, or why nothing changed.
    pub replaced: RwSignal<Option<ReplacedOutcome>>,
    /// The views the mounted components watch, each under a key of its own.
    watching: StoredValue<Vec<(u64, ViewQuery)>>,
    next_watch: StoredValue<u64>,
    /// Bumped when something outside the dock (a lesson's "run in the console")
    /// wants the console tab shown and scrolled into view.
    pub console_wanted: RwSignal<u64>,
    /// Real milliseconds since the last save while time runs.
    since_save_ms: StoredValue<u64>,
    /// Real milliseconds of time warp not yet sent (a frame is on its way).
    frame_ms: StoredValue<u64>,
    frame_in_flight: StoredValue<bool>,
    /// The snapshot the account is being kept as before a replacement.
    kept_before_replacing: StoredValue<Option<String>>,
    saving_allowed: StoredValue<bool>,
    /// The app's notice banner, for storage problems.
    notice: RwSignal<Option<Notice>>,
    /// Where this account is saved: the free sandbox's key or a lesson's.
    key: StoredValue<String>,
}

/// A document as the page stores it (the world and journal as JSON values).
pub fn to_save(document: SaveDocument, history: Vec<String>) -> SandboxSave {
    SandboxSave {
        world: serde_json::from_str(&document.world).ok(),
        files: document.files,
        vars: document.vars,
        history,
        journal: document.journal.and_then(|j| serde_json::from_str(&j).ok()),
    }
}

/// A stored save as a document for the engine (`None`: no world in it).
pub fn to_document(save: &SandboxSave) -> Option<SaveDocument> {
    Some(SaveDocument {
        world: save.world.as_ref()?.to_string(),
        files: save.files.clone(),
        vars: save.vars.clone(),
        journal: save.journal.as_ref().map(|j| j.to_string()),
        clock: String::new(),
    })
}

fn document_in(updates: &[EngineUpdate]) -> Option<(Option<String>, SaveDocument)> {
    updates.iter().find_map(|u| match u {
        EngineUpdate::Document { snapshot, document } => Some((snapshot.clone(), document.clone())),
        _ => None,
    })
}

impl Sandbox {
    /// The free sandbox: the saved account, or a fresh one.
    pub fn load(notice_banner: RwSignal<Option<Notice>>) -> Sandbox {
        Self::open(persistence::SANDBOX_KEY, notice_banner, None)
    }

    /// Opens the account saved under `key` (or a fresh one: `lesson`'s start,
    /// or the default account) in a new engine session, which ends — saved —
    /// when the calling component is cleaned up. A save whose world does not
    /// read is set aside by the persistence module and reported as a notice.
    pub fn open(
        key: &str,
        notice_banner: RwSignal<Option<Notice>>,
        lesson: Option<LessonFile>,
    ) -> Sandbox {
        let loaded = persistence::load_sandbox_at(&mut LocalStorage::open(), key);
        if loaded.notice.is_some() {
            notice_banner.set(loaded.notice.clone());
        }
        let saved = loaded.state;
        let sandbox = Sandbox {
            session: engine_link::new_session(),
            revision: RwSignal::new(0),
            opened: RwSignal::new(false),
            lines: RwSignal::new(Vec::new()),
            history: RwSignal::new(saved.history.clone()),
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
            lesson_goals: RwSignal::new(None),
            lesson_answer: RwSignal::new(None),
            replaced: RwSignal::new(None),
            watching: StoredValue::new(Vec::new()),
            next_watch: StoredValue::new(0),
            console_wanted: RwSignal::new(0),
            since_save_ms: StoredValue::new(0),
            frame_ms: StoredValue::new(0),
            frame_in_flight: StoredValue::new(false),
            kept_before_replacing: StoredValue::new(None),
            saving_allowed: StoredValue::new(loaded.saving_allowed),
            notice: notice_banner,
            key: StoredValue::new(key.to_string()),
        };
        let document = to_document(&saved);
        engine_link::send(
            sandbox.session,
            Request::Open { document, lesson },
            move |updates| {
                let unreadable = updates
                    .iter()
                    .any(|u| matches!(u, EngineUpdate::Opened { unreadable: true }));
                if unreadable {
                    // The document parsed but the world inside did not: keep it aside.
                    let text =
                        persistence::encode_document(&saved, persistence::SANDBOX_SCHEMA_VERSION);
                    if let Some(backup_key) =
                        persistence::set_aside_text(&mut LocalStorage::open(), &text)
                    {
                        notice_banner.set(Some(Notice::SandboxSetAside { backup_key }));
                    }
                }
                sandbox.take(updates);
            },
        );
        // Hidden (another tab, the phone's home screen, the tab closing): saved
        // now, while the page still runs to store the engine's answer — a
        // closing tab's `pagehide` would be too late for a worker's reply.
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if leptos::prelude::document().hidden() {
                sandbox.save();
            }
        });
        // The session ends with the page that opened it: saved, then closed.
        let session = sandbox.session;
        on_cleanup(move || {
            hidden.remove();
            sandbox.save();
            engine_link::close(session);
        });
        sandbox
    }

    /// Sends one request; the answer goes to the signals.
    fn send(&self, request: Request) {
        let sandbox = *self;
        engine_link::send(self.session, request, move |updates| sandbox.take(updates));
    }

    /// Applies the engine's updates to the signals the components read
    /// (nothing once the page that showed this account is gone).
    fn take(&self, updates: Vec<EngineUpdate>) {
        if self.revision.is_disposed() {
            return;
        }
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
                EngineUpdate::Opened { .. } => self.opened.set(true),
                // Saves are taken by the request that asked for them.
                EngineUpdate::Document { .. } | EngineUpdate::Restored { .. } => {}
                EngineUpdate::Pending { replacing, backup } => {
                    self.keep_then_commit(replacing, backup)
                }
                EngineUpdate::Replaced { replacing, result } => {
                    let kept = self.kept_before_replacing.get_value();
                    self.kept_before_replacing.set_value(None);
                    if result.is_ok() {
                        self.lines.set(Vec::new());
                        self.save();
                    }
                    self.replaced.set(Some((replacing, result.map(|()| kept))));
                }
                EngineUpdate::Lesson(LessonUpdate::Goals {
                    step,
                    met,
                    near_miss,
                }) => self.lesson_goals.set(Some(LessonGoals {
                    step,
                    met,
                    near_miss,
                })),
                EngineUpdate::Lesson(answer) => self.lesson_answer.set(Some(answer)),
            }
        }
        self.revision.update(|r| *r += 1);
    }

    /// A new account is offered: the current one is kept as a snapshot first
    /// (when the engine asks), then put in place; if it cannot be kept,
    /// nothing changes and the reason is shown.
    fn keep_then_commit(&self, replacing: Replacing, backup: Option<(String, SaveDocument)>) {
        if let Some((name, document)) = backup {
            let clock = document.clock.clone();
            let save = to_save(document, self.history.get_untracked());
            match persistence::save_snapshot(&mut LocalStorage::open(), &name, &clock, &save) {
                Ok(meta) => self.kept_before_replacing.set_value(Some(meta.name)),
                Err(err) => {
                    self.send(Request::DropPending);
                    let reason = match err {
                        SnapshotError::Full => format!(
                            "{} snapshots are kept already; delete one so the current account can be kept first",
                            persistence::MAX_SNAPSHOTS
                        ),
                        SnapshotError::Storage(err) => {
                            format!("the current account could not be kept as a snapshot first ({err:?})")
                        }
                    };
                    self.replaced.set(Some((replacing, Err(reason))));
                    return;
                }
            }
        }
        self.send(Request::CommitPending);
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

    /// One animation frame: `elapsed_ms` of real time at the current speed.
    /// One frame is on its way to the engine at a time; the time of frames
    /// that pass meanwhile goes with the next, so none is lost and the page
    /// never queues work for a busy engine.
    pub fn tick(&self, elapsed_ms: u64) {
        if self.status.with_untracked(|s| s.speed) == 0 {
            return;
        }
        let since = self.since_save_ms.get_value() + elapsed_ms;
        self.since_save_ms.set_value(since);
        if since >= SAVE_EVERY_MS {
            self.save();
        }
        let due = self.frame_ms.get_value() + elapsed_ms;
        if self.frame_in_flight.get_value() {
            self.frame_ms.set_value(due);
            return;
        }
        self.frame_ms.set_value(0);
        self.frame_in_flight.set_value(true);
        let sandbox = *self;
        engine_link::send(
            self.session,
            Request::Frame { elapsed_ms: due },
            move |updates| {
                let _ = sandbox.frame_in_flight.try_set_value(false);
                sandbox.take(updates);
            },
        );
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

    /// Asks the engine for the account and stores it; a failure shows in the
    /// app's notice banner. The answer is stored even if the page has gone
    /// meanwhile (the last save of a page being left).
    pub fn save(&self) {
        let _ = self.since_save_ms.try_set_value(0);
        if !self.saving_allowed.try_get_value().unwrap_or(false) {
            return;
        }
        let (Some(key), Some(history)) =
            (self.key.try_get_value(), self.history.try_get_untracked())
        else {
            return;
        };
        let notice = self.notice;
        let sandbox = *self;
        engine_link::send(
            self.session,
            Request::Save { snapshot: None },
            move |updates| {
                if let Some((_, document)) = document_in(&updates) {
                    let save = to_save(document, history);
                    let result =
                        persistence::save_sandbox_fitting(&mut LocalStorage::open(), &key, &save);
                    let shown = match result {
                        Ok(None) => None,
                        Ok(Some(minutes)) => Some(Notice::SavedWithRecentMetrics { minutes }),
                        Err(err) => Some(Notice::SaveFailed(err)),
                    };
                    if let Some(shown) = shown {
                        let _ = notice.try_set(Some(shown));
                    }
                }
                sandbox.take(updates);
            },
        );
    }

    /// Replaces the account with a saved one (a snapshot); `done(false)` if
    /// its world does not read, in which case nothing changes.
    pub fn restore(&self, save: SandboxSave, done: impl FnOnce(bool) + 'static) {
        let Some(document) = to_document(&save) else {
            done(false);
            return;
        };
        let sandbox = *self;
        engine_link::send(
            self.session,
            Request::Restore { document },
            move |updates| {
                let ok = updates
                    .iter()
                    .any(|u| matches!(u, EngineUpdate::Restored { ok: true }));
                sandbox.take(updates);
                if ok {
                    sandbox.lines.set(Vec::new());
                    sandbox.save();
                }
                done(ok);
            },
        );
    }

    /// Undo of a reset or restart: the account kept as snapshot `id` comes
    /// back in place of this one, and that snapshot, used up, is deleted.
    /// `done(false)`: it could not be read or restored (nothing changed).
    pub fn undo_to_snapshot(&self, id: u32, done: impl FnOnce(bool) + 'static) {
        let Some(save) = persistence::load_snapshot(&mut LocalStorage::open(), id) else {
            done(false);
            return;
        };
        self.restore(save, move |ok| {
            if ok {
                let _ = persistence::delete_snapshot(&mut LocalStorage::open(), id);
            }
            done(ok);
        });
    }

    /// Asks for the share link's payload (it arrives in [`Sandbox::share_link`]).
    pub fn request_share_link(&self) {
        self.send(Request::ShareLink);
    }

    /// Asks for a file of the account (it arrives in [`Sandbox::export`]).
    pub fn request_export(&self, kind: ecs_protocol::ExportKind) {
        self.send(Request::Export { kind });
    }

    /// Keeps the account as it is now as the snapshot `name` (at its clock).
    pub fn keep_snapshot(
        &self,
        name: &str,
        done: impl FnOnce(Result<SnapshotMeta, SnapshotError>) + 'static,
    ) {
        let sandbox = *self;
        let history = self.history.get_untracked();
        engine_link::send(
            self.session,
            Request::Save {
                snapshot: Some(name.to_string()),
            },
            move |updates| {
                if let Some((Some(name), document)) = document_in(&updates) {
                    let clock = document.clock.clone();
                    let save = to_save(document, history);
                    done(persistence::save_snapshot(
                        &mut LocalStorage::open(),
                        &name,
                        &clock,
                        &save,
                    ));
                }
                sandbox.take(updates);
            },
        );
    }

    /// Opens a shared link's payload: the current account is kept as the
    /// snapshot `backup_name` first, then the link's journal is replayed in
    /// its place. The outcome arrives in [`Sandbox::replaced`]; on any error
    /// nothing changes.
    pub fn open_shared(&self, payload: &str, backup_name: &str) {
        self.send(Request::OpenShared {
            payload: payload.to_string(),
            backup: backup_name.to_string(),
        });
    }

    /// A fresh account (same seed); the terminal and history stay.
    pub fn reset(&self) {
        self.submit("sim reset");
    }

    /// Something for the open lesson (the answer arrives in
    /// [`Sandbox::lesson_goals`], [`Sandbox::lesson_answer`] or [`Sandbox::replaced`]).
    pub fn lesson(&self, request: LessonRequest) {
        let changes_account = matches!(
            request,
            LessonRequest::ResetStep | LessonRequest::ResetLesson
        );
        if changes_account {
            self.lines.set(Vec::new());
        }
        self.send(Request::Lesson(request));
        if changes_account {
            self.save();
        }
    }
}

/// Drops the oldest entries beyond `max`.
fn keep_recent<T>(list: &mut Vec<T>, max: usize) {
    if list.len() > max {
        let excess = list.len() - max;
        list.drain(..excess);
    }
}

/// The sandbox from context.
pub fn use_sandbox() -> Sandbox {
    // invariant: the page showing an account provides its sandbox before building anything in it.
    expect_context::<Sandbox>()
}
