//! The engine proper: one simulated account (its console and world), the
//! time warp, and the views the page watches. It takes [`Request`]s and
//! answers with [`Update`]s, sending a view only when it changed, so the same
//! code serves a page in the same thread today and a Web Worker tomorrow.

use crate::lesson::LessonSession;
use crate::{saving, timeline};
use ecs_protocol::{
    FormOutcome, LessonFile, LessonRequest, LessonUpdate, LineKind, LogLine, LogQuery, Logs,
    Replacing, Request, SaveDocument, ServiceRow, Status, Summary, TermLine, Update, View,
    ViewQuery,
};
use ecs_sim::clock::SimTime;
use ecs_sim::console::{complete, Console, Output};
use ecs_sim::ecs::service::ServiceStatus;
use ecs_sim::ecs::task::TaskStatus;
use ecs_sim::{Duration, World};

/// The time warp advances the world in chunks of this many simulated seconds,
/// checking the frame's time budget between them.
const TICK_CHUNK_SECONDS: u64 = 5;
/// At most this many timeline entries are sent (the newest).
const EVENTS_LIMIT: usize = 300;
/// At most this many log lines are sent (the newest).
const LOG_LINES_LIMIT: usize = 500;

/// One account and what the page is shown of it.
pub struct Engine {
    console: Console,
    speed: u32,
    /// Real milliseconds × speed not yet turned into whole simulated seconds.
    carry_ms: u64,
    next_line_id: u64,
    watching: Vec<ViewQuery>,
    /// What was last sent for each watched view (same order), and the status.
    sent_views: Vec<Option<View>>,
    sent_status: Option<Status>,
    /// The lesson this account belongs to, if any.
    lesson: Option<LessonSession>,
    /// A new account waiting for the page to keep the current one first.
    pending: Option<(Replacing, Console)>,
}

impl Engine {
    pub fn new(console: Console) -> Engine {
        Engine {
            console,
            speed: 0,
            carry_ms: 0,
            next_line_id: 0,
            watching: Vec::new(),
            sent_views: Vec::new(),
            sent_status: None,
            lesson: None,
            pending: None,
        }
    }

    /// The account's console. For the parts of the page not yet behind the
    /// protocol (forms, the resource panel, lessons, saving); they go next.
    pub fn console(&self) -> &Console {
        &self.console
    }

    /// Changes the console directly (same caveat as [`Engine::console`]);
    /// everything watched is sent again afterwards.
    pub fn console_mut(&mut self) -> &mut Console {
        self.forget_sent();
        &mut self.console
    }

    /// Puts another account in place (a snapshot, a lesson's start): time
    /// stops and every view is sent anew.
    pub fn replace(&mut self, console: Console) {
        self.console = console;
        self.speed = 0;
        self.carry_ms = 0;
        if let Some(lesson) = &mut self.lesson {
            lesson.replaced(&self.console);
        }
        self.forget_sent();
    }

    fn forget_sent(&mut self) {
        self.sent_views.iter_mut().for_each(|v| *v = None);
        self.sent_status = None;
        if let Some(lesson) = &mut self.lesson {
            lesson.forget_sent();
        }
    }

    /// Opens the session's account: the saved one if its world reads, else a
    /// fresh one (the lesson's start, or the default account).
    fn open(&mut self, document: Option<SaveDocument>, lesson: Option<LessonFile>) -> Vec<Update> {
        let mut updates = Vec::new();
        self.lesson = None;
        self.pending = None;
        if let Some(file) = lesson {
            match LessonSession::read(&file.name, &file.text) {
                Ok(session) => self.lesson = Some(session),
                Err(reason) => updates.push(Update::Lesson(LessonUpdate::Broken(reason))),
            }
        }
        let saved = document.as_ref().map(saving::console);
        let unreadable = matches!(saved, Some(Err(_)));
        let console = match saved {
            Some(Ok(console)) => console,
            _ => self.fresh(&mut updates),
        };
        self.replace(console);
        updates.push(Update::Opened { unreadable });
        updates
    }

    /// A fresh account: the lesson's start, or the default account.
    fn fresh(&self, updates: &mut Vec<Update>) -> Console {
        match self.lesson.as_ref().map(LessonSession::start) {
            Some(Ok(console)) => console,
            Some(Err(reason)) => {
                updates.push(Update::Lesson(LessonUpdate::Broken(reason)));
                Console::default()
            }
            None => Console::default(),
        }
    }

    /// Offers `console` in place of the account: the page keeps the current
    /// one as the snapshot `backup` first (none: nothing worth keeping), then
    /// commits or drops it.
    fn offer(
        &mut self,
        replacing: Replacing,
        console: Console,
        backup: Option<String>,
        updates: &mut Vec<Update>,
    ) {
        let backup = backup.map(|name| (name, saving::document(&self.console)));
        self.pending = Some((replacing.clone(), console));
        updates.push(Update::Pending { replacing, backup });
    }

    fn lesson_request(&mut self, request: LessonRequest, updates: &mut Vec<Update>) {
        let Some(lesson) = &mut self.lesson else {
            return;
        };
        match request {
            LessonRequest::AtStep { index } => lesson.at_step(index, &self.console),
            LessonRequest::ResetStep => {
                if let Some(start) = lesson.step_start() {
                    self.replace(start);
                }
            }
            LessonRequest::ResetLesson => {
                let fresh = self.fresh(updates);
                self.replace(fresh);
            }
            LessonRequest::Predict => {
                let answer = lesson.predict(&self.console);
                updates.push(Update::Lesson(answer));
            }
            LessonRequest::Compare => match lesson.compare(&self.console) {
                Ok(answer) => updates.push(Update::Lesson(answer)),
                Err(reason) => updates.push(Update::Lesson(LessonUpdate::Broken(reason))),
            },
            LessonRequest::Recheck => {
                let answer = lesson.recheck(&self.console);
                updates.push(Update::Lesson(answer));
            }
            LessonRequest::Facilitator { step, seed, backup } => {
                let step = step.min(lesson.lesson.steps.len().saturating_sub(1));
                let replacing = Replacing::Facilitator { step };
                match ecs_sim::lesson::world_at_step(&lesson.lesson, step, seed) {
                    Ok(console) => {
                        // A lesson world nobody has touched yet needs no snapshot.
                        let backup = (!lesson.untouched(&self.console)).then_some(backup);
                        self.offer(replacing, console, backup, updates);
                    }
                    Err(reason) => updates.push(Update::Replaced {
                        replacing,
                        result: Err(reason),
                    }),
                }
            }
        }
    }

    /// Answers one request. `within_budget` says whether the current frame
    /// still has time (the host's clock: the engine has none of its own).
    pub fn handle(&mut self, request: Request, within_budget: &dyn Fn() -> bool) -> Vec<Update> {
        let mut updates = Vec::new();
        match request {
            Request::Line { text } => self.feed(&text, &mut updates),
            Request::Lines { lines } => {
                for line in lines {
                    self.feed(&line, &mut updates);
                }
            }
            Request::Interrupt { typed } => {
                let prompt = self.prompt();
                self.push_lines(LineKind::Input, &format!("{prompt}{typed}^C"), &mut updates);
                self.console.interrupt();
            }
            Request::Complete { text } => {
                let candidates = complete::complete(&text);
                let completed = if candidates.is_empty() {
                    text
                } else {
                    complete::apply(&text, &candidates)
                };
                updates.push(Update::Completion {
                    completed,
                    candidates,
                });
            }
            Request::Say { text } => self.push_lines(LineKind::Output, &text, &mut updates),
            Request::SetSpeed { speed } => self.speed = speed,
            Request::Frame { elapsed_ms } => self.frame(elapsed_ms, within_budget),
            Request::Step { seconds } => self.console.world.advance(Duration(seconds)),
            Request::UntilSteady => {
                self.console
                    .world
                    .advance_until_steady(Duration(15), Duration(2 * 3600));
            }
            Request::RunForm { id, values } => {
                let mut ran = Vec::new();
                let outcome = self.run_form(&id, &values, &mut ran, &mut updates);
                updates.push(Update::FormRun { id, outcome, ran });
            }
            Request::RunLines { lines } => {
                let output =
                    self.run_lines(&lines, &mut updates)
                        .map(|out| ecs_protocol::CommandOutput {
                            stdout: out.stdout,
                            stderr: out.stderr,
                            status: out.status,
                        });
                updates.push(Update::LinesRun { output });
            }
            Request::LoadRevision { reference } => {
                let json = crate::task_definitions::revision_json(&self.console.world, &reference);
                updates.push(Update::RevisionJson { reference, json });
            }
            Request::Export { kind } => {
                use ecs_protocol::ExportKind;
                let world = &self.console.world;
                let file = match kind {
                    ExportKind::TaskDefinitions => crate::export::task_definitions(world),
                    ExportKind::AppSpec => crate::export::appspec(world),
                    ExportKind::CloudFormation => crate::cloudformation::yaml(world),
                    ExportKind::Session => self
                        .console
                        .journal()
                        .map(|j| crate::export::session_script(j, world.now.0)),
                };
                updates.push(Update::Export { kind, file });
            }
            Request::ShareLink => {
                use crate::share::{self, ShareError};
                let link = match self.console.journal() {
                    None => Err(ShareError::NoJournal),
                    Some(journal) => share::encode(journal, self.console.world.now.0),
                };
                updates.push(Update::ShareLink(link.map_err(|e| match e {
                    ShareError::TooLarge { chars } => ecs_protocol::ShareRefusal::TooLarge {
                        chars,
                        max: share::MAX_PAYLOAD_CHARS,
                    },
                    _ => ecs_protocol::ShareRefusal::NoJournal,
                })));
            }
            Request::Open { document, lesson } => updates.extend(self.open(document, lesson)),
            Request::Save { snapshot } => updates.push(Update::Document {
                snapshot,
                document: saving::document(&self.console),
            }),
            Request::Restore { document } => {
                let restored = saving::console(&document);
                let ok = restored.is_ok();
                if let Ok(console) = restored {
                    self.replace(console);
                }
                updates.push(Update::Restored { ok });
            }
            Request::OpenShared { payload, backup } => match saving::shared(&payload) {
                Ok(console) => {
                    self.offer(Replacing::SharedLink, console, Some(backup), &mut updates)
                }
                Err(reason) => updates.push(Update::Replaced {
                    replacing: Replacing::SharedLink,
                    result: Err(reason),
                }),
            },
            Request::CommitPending => {
                if let Some((replacing, console)) = self.pending.take() {
                    self.replace(console);
                    updates.push(Update::Replaced {
                        replacing,
                        result: Ok(()),
                    });
                }
            }
            Request::DropPending => self.pending = None,
            Request::Lesson(request) => self.lesson_request(request, &mut updates),
            Request::Watch { views } => {
                // A view still watched keeps what was sent of it: a component
                // mounting elsewhere must not make every other view go again.
                let sent: Vec<Option<View>> = views
                    .iter()
                    .map(|query| {
                        self.watching
                            .iter()
                            .position(|q| q == query)
                            .and_then(|i| self.sent_views[i].take())
                    })
                    .collect();
                self.sent_views = sent;
                self.watching = views;
            }
        }
        updates.extend(self.changes());
        updates
    }

    /// Runs the console lines a form built, as if typed, and returns the whole
    /// output to the form; `None` while the console is in the middle of a
    /// command of the learner's own (a here-document), which a form must not cut short.
    /// (The changed views follow in `handle`, once per request.)
    fn run_lines(&mut self, lines: &[String], updates: &mut Vec<Update>) -> Option<Output> {
        if self.console.is_waiting() {
            return None;
        }
        // A command spanning lines (a here-document) continues after `> `.
        for command in lines {
            for (i, line) in command.lines().enumerate() {
                let prompt = if i == 0 { "$ " } else { "> " };
                self.push_lines(LineKind::Input, &format!("{prompt}{line}"), updates);
            }
        }
        let output = self.console.run(&lines.join("\n"));
        self.push_lines(LineKind::Output, &output.stdout, updates);
        self.push_lines(LineKind::Error, &output.stderr, updates);
        Some(output)
    }

    /// Checks a form's values, runs the lines they become, and says how it went.
    fn run_form(
        &mut self,
        id: &str,
        values: &ecs_protocol::FormValues,
        ran: &mut Vec<String>,
        updates: &mut Vec<Update>,
    ) -> FormOutcome {
        use crate::forms;
        let Some(form) = forms::form(id) else {
            return FormOutcome::Refused {
                message: format!("no form {id}"),
                field: None,
            };
        };
        let values = forms::values_of(form, values);
        let lines = match forms::commands(form, &values, &self.console.world) {
            Ok(lines) => lines,
            Err(problems) => {
                return FormOutcome::Problems(
                    problems
                        .into_iter()
                        .map(|(key, problem)| (key.to_string(), forms::text(problem.label())))
                        .collect(),
                )
            }
        };
        let output = self.run_lines(&lines, updates);
        if output.is_some() {
            *ran = lines;
        }
        match output {
            None => FormOutcome::Busy,
            Some(out) if out.status != 0 => {
                let message = out.stderr.trim().to_string();
                let field = forms::field_for_error(form, &message).map(str::to_string);
                FormOutcome::Refused { message, field }
            }
            Some(out) => FormOutcome::Done {
                stdout: out.stdout.chars().take(800).collect(),
            },
        }
    }

    fn prompt(&self) -> &'static str {
        if self.console.is_waiting() {
            "> "
        } else {
            "$ "
        }
    }

    fn feed(&mut self, text: &str, updates: &mut Vec<Update>) {
        let prompt = self.prompt();
        self.push_lines(LineKind::Input, &format!("{prompt}{text}"), updates);
        if let Some(output) = self.console.feed_line(text) {
            if output.clear {
                updates.push(Update::Terminal {
                    clear: true,
                    lines: Vec::new(),
                });
            }
            self.push_lines(LineKind::Output, &output.stdout, updates);
            self.push_lines(LineKind::Error, &output.stderr, updates);
        }
    }

    /// Adds `text`'s lines to the last terminal update (or a new one).
    fn push_lines(&mut self, kind: LineKind, text: &str, updates: &mut Vec<Update>) {
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.is_empty() && kind != LineKind::Input {
            return;
        }
        let mut new = Vec::new();
        for line in text.split('\n') {
            new.push(TermLine {
                id: self.next_line_id,
                kind,
                text: line.to_string(),
            });
            self.next_line_id += 1;
        }
        match updates.last_mut() {
            Some(Update::Terminal { lines, .. }) => lines.extend(new),
            _ => updates.push(Update::Terminal {
                clear: false,
                lines: new,
            }),
        }
    }

    /// One animation frame at the current speed. The simulated seconds due
    /// run in small chunks while the frame has time; what does not fit is
    /// dropped, so a heavy world runs slower than asked instead of freezing
    /// the page (A/B Street's `time_limited_step`).
    fn frame(&mut self, elapsed_ms: u64, within_budget: &dyn Fn() -> bool) {
        if self.speed == 0 {
            return;
        }
        let total = self.carry_ms + elapsed_ms * u64::from(self.speed);
        let due = total / 1000;
        self.carry_ms = total % 1000;
        let mut done = 0;
        while done < due {
            let chunk = (due - done).min(TICK_CHUNK_SECONDS);
            self.console.world.advance(Duration(chunk));
            done += chunk;
            if !within_budget() {
                break;
            }
        }
    }

    /// The status and every watched view that differ from what was last sent.
    pub fn changes(&mut self) -> Vec<Update> {
        let mut updates = Vec::new();
        let status = Status {
            now: self.console.world.now.0,
            clock: self.console.world.now.to_string(),
            waiting: self.console.is_waiting(),
            speed: self.speed,
        };
        if self.sent_status.as_ref() != Some(&status) {
            self.sent_status = Some(status.clone());
            updates.push(Update::Status(status));
        }
        for (query, sent) in self.watching.iter().zip(self.sent_views.iter_mut()) {
            let view = view(&self.console.world, query);
            if sent.as_ref() != Some(&view) {
                *sent = Some(view.clone());
                updates.push(Update::View(view));
            }
        }
        if let Some(lesson) = &mut self.lesson {
            updates.extend(lesson.changes(&self.console).map(Update::Lesson));
        }
        updates
    }
}

/// A watched view of `world`.
fn view(world: &World, query: &ViewQuery) -> View {
    match query {
        ViewQuery::Summary => View::Summary(summary(world)),
        ViewQuery::Diagram => View::Diagram(crate::diagram::layout(world)),
        // Equal lists are not sent: the metric charts change once a simulated minute.
        ViewQuery::Charts { window } => View::Charts(crate::charts::all(world, *window)),
        ViewQuery::TaskDefinitions { family, from, to } => {
            View::TaskDefinitions(crate::task_definitions::view(world, family, *from, *to))
        }
        ViewQuery::Panel { selection, lang } => View::Panel(
            selection
                .as_ref()
                .map(|selection| crate::panel::panel(world, selection, *lang)),
        ),
        ViewQuery::FormIndex => View::FormIndex(crate::forms::index()),
        ViewQuery::Form { id, values, lang } => View::Form(
            crate::forms::form(id)
                .map(|form| crate::forms::view(form, values, world, *lang))
                .unwrap_or_default(),
        ),
        ViewQuery::Events { sources } => View::Events(
            timeline::timeline(world, sources, EVENTS_LIMIT)
                .into_iter()
                .map(|e| ecs_protocol::Event {
                    at: e.at.to_string(),
                    source: e.source,
                    resource: e.resource,
                    message: e.message,
                    problem: e.problem,
                    explain: e.explain,
                })
                .collect(),
        ),
        ViewQuery::Logs(query) => View::Logs(logs(world, query)),
    }
}

/// What the account holds, in numbers, and its active services.
pub fn summary(world: &World) -> Summary {
    // One pass over the tasks, not one per service.
    let mut running_by_service = std::collections::BTreeMap::<(&str, &str), usize>::new();
    let mut running_tasks = 0;
    for task in world.ecs.tasks.values() {
        if task.last_status == TaskStatus::Running {
            running_tasks += 1;
            if let Some(service) = task.service.as_deref() {
                *running_by_service
                    .entry((task.cluster.as_str(), service))
                    .or_default() += 1;
            }
        }
    }
    let service_rows: Vec<ServiceRow> = world
        .ecs
        .services
        .iter()
        .filter(|(_, s)| s.status == ServiceStatus::Active)
        .map(|(key, s)| ServiceRow {
            key: key.clone(),
            running: running_by_service
                .get(&(s.cluster.as_str(), s.name.as_str()))
                .copied()
                .unwrap_or(0),
            desired: s.desired_count,
            stuck: s.last_unplaceable.is_some(),
        })
        .collect();
    Summary {
        vpcs: world.ec2.vpcs.len(),
        subnets: world.ec2.subnets.len(),
        clusters: world.ecs.clusters.values().filter(|c| c.active).count(),
        services: service_rows.len(),
        running_tasks,
        service_rows,
    }
}

/// A log group's newest events as `aws logs tail` prints them.
pub fn logs(world: &World, query: &LogQuery) -> Logs {
    let groups: Vec<String> = world.logs.groups.keys().cloned().collect();
    let group = if groups.contains(&query.group) {
        query.group.clone()
    } else {
        groups.first().cloned().unwrap_or_default()
    };
    let from = SimTime(world.now.0.saturating_sub(query.since_seconds));
    let events = world
        .logs
        .events(&group, from, query.stream.trim())
        .unwrap_or_default();
    let skip = events.len().saturating_sub(LOG_LINES_LIMIT);
    let lines = events
        .into_iter()
        .skip(skip)
        .map(|(at, stream, message)| LogLine {
            at: at.to_string(),
            stream: stream.to_string(),
            message: message.to_string(),
        })
        .collect();
    Logs {
        groups,
        group,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_protocol::EventSource;

    fn always() -> bool {
        true
    }

    fn terminal_text(updates: &[Update]) -> Vec<String> {
        updates
            .iter()
            .filter_map(|u| match u {
                Update::Terminal { lines, .. } => Some(lines.iter().map(|l| l.text.clone())),
                _ => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn a_line_answers_with_its_terminal_lines_and_the_changed_views_only() {
        let mut engine = Engine::new(Console::default());
        let first = engine.handle(
            Request::Watch {
                views: vec![ViewQuery::Summary],
            },
            &always,
        );
        assert!(matches!(first[0], Update::Status(_)));
        assert!(matches!(&first[1], Update::View(View::Summary(s)) if s.vpcs == 1));

        let updates = engine.handle(
            Request::Line {
                text: "aws ecs create-cluster --cluster-name learn --query cluster.status".into(),
            },
            &always,
        );
        assert_eq!(
            terminal_text(&updates),
            [
                "$ aws ecs create-cluster --cluster-name learn --query cluster.status",
                "\"ACTIVE\""
            ]
        );
        assert!(updates
            .iter()
            .any(|u| matches!(u, Update::View(View::Summary(s)) if s.clusters == 1)));
        // Nothing changed: nothing but the terminal is sent.
        let again = engine.handle(
            Request::Line {
                text: "echo hi".into(),
            },
            &always,
        );
        assert_eq!(again.len(), 1, "{again:?}");
    }

    #[test]
    fn the_time_warp_runs_within_the_frame_budget_and_keeps_the_remainder() {
        let mut engine = Engine::new(Console::default());
        engine.handle(Request::SetSpeed { speed: 600 }, &always);
        // 100 ms at 600x is 60 simulated seconds: twelve chunks of five.
        engine.handle(Request::Frame { elapsed_ms: 100 }, &always);
        assert_eq!(engine.console().world.now.0, 60);
        // A frame out of time runs one chunk and drops the rest.
        engine.handle(Request::Frame { elapsed_ms: 100 }, &|| false);
        assert_eq!(engine.console().world.now.0, 65);
        // 1 ms at 600x is 0.6 s: carried until it makes a whole second.
        engine.handle(Request::Frame { elapsed_ms: 1 }, &always);
        assert_eq!(engine.console().world.now.0, 65);
        let updates = engine.handle(Request::Frame { elapsed_ms: 1 }, &always);
        assert_eq!(engine.console().world.now.0, 66);
        assert!(updates
            .iter()
            .any(|u| matches!(u, Update::Status(s) if s.clock == "00:01:06")));
    }

    #[test]
    fn ctrl_c_shows_the_dropped_line_and_the_prompt_returns() {
        let mut engine = Engine::new(Console::default());
        let open = engine.handle(
            Request::Line {
                text: "echo 'a".into(),
            },
            &always,
        );
        assert!(open
            .iter()
            .any(|u| matches!(u, Update::Status(s) if s.waiting)));
        let cancelled = engine.handle(Request::Interrupt { typed: "b".into() }, &always);
        assert_eq!(terminal_text(&cancelled), ["> b^C"]);
        assert!(cancelled
            .iter()
            .any(|u| matches!(u, Update::Status(s) if !s.waiting)));
    }

    #[test]
    fn events_and_logs_are_watched_views() {
        let mut engine = Engine::new(Console::default());
        engine.console_mut().run(include_str!(
            "../../sim/tests/scenarios/bluegreen-rollback.sh"
        ));
        let updates = engine.handle(
            Request::Watch {
                views: vec![
                    ViewQuery::Events {
                        sources: vec![EventSource::Deployment],
                    },
                    ViewQuery::Logs(LogQuery {
                        since_seconds: 24 * 3600,
                        ..Default::default()
                    }),
                ],
            },
            &always,
        );
        let events = updates.iter().find_map(|u| match u {
            Update::View(View::Events(e)) => Some(e),
            _ => None,
        });
        let events = events.expect("events sent");
        assert!(!events.is_empty());
        assert!(events.iter().all(|e| e.source == EventSource::Deployment));
        assert!(
            events.iter().any(|e| e.problem),
            "the rollback is a problem"
        );
        assert!(updates
            .iter()
            .any(|u| matches!(u, Update::View(View::Logs(_)))));
    }

    /// Every update crosses a worker boundary encoded: each kind must come
    /// back equal through JSON and postcard (no `deserialize_any` shapes).
    #[test]
    fn every_update_round_trips_through_json_and_postcard() {
        use ecs_protocol::charts::Window;
        use ecs_protocol::panel::Selection;
        let mut engine = Engine::new(Console::default());
        engine.console_mut().run(include_str!(
            "../../sim/tests/scenarios/bluegreen-canary.sh"
        ));
        let subnet = engine
            .console()
            .world
            .ec2
            .subnets
            .keys()
            .next()
            .cloned()
            .unwrap();
        let mut updates = engine.handle(
            Request::Watch {
                views: vec![
                    ViewQuery::Summary,
                    ViewQuery::Diagram,
                    ViewQuery::Charts {
                        window: Window::All,
                    },
                    ViewQuery::Events {
                        sources: EventSource::ALL.to_vec(),
                    },
                    ViewQuery::Logs(LogQuery {
                        since_seconds: 86_400,
                        ..Default::default()
                    }),
                    ViewQuery::FormIndex,
                    ViewQuery::Form {
                        id: "update-service".into(),
                        values: Default::default(),
                        lang: ecs_protocol::Lang::Ja,
                    },
                    ViewQuery::TaskDefinitions {
                        family: String::new(),
                        from: 1,
                        to: 2,
                    },
                    ViewQuery::Panel {
                        selection: Some(Selection::Subnet(subnet)),
                        lang: ecs_protocol::Lang::Ja,
                    },
                ],
            },
            &always,
        );
        for request in [
            Request::Line {
                text: "aws ecs list-clusters".into(),
            },
            Request::Complete {
                text: "aws ecs list-".into(),
            },
            Request::RunForm {
                id: "create-cluster".into(),
                values: [("name".to_string(), "x".to_string())].into(),
            },
            Request::Export {
                kind: ecs_protocol::ExportKind::CloudFormation,
            },
            Request::ShareLink,
            Request::LoadRevision {
                reference: "web:1".into(),
            },
        ] {
            updates.extend(engine.handle(request, &always));
        }
        assert!(updates.len() >= 15, "{}", updates.len());
        for update in &updates {
            let json = serde_json::to_string(update).unwrap();
            assert_eq!(&serde_json::from_str::<Update>(&json).unwrap(), update);
            let binary = postcard::to_allocvec(update).unwrap();
            assert_eq!(&postcard::from_bytes::<Update>(&binary).unwrap(), update);
        }
    }
}
