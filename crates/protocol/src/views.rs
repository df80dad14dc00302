//! View models: what the page shows, computed by the engine from the world.

use serde::{Deserialize, Serialize};

/// How a terminal line is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    Input,
    Output,
    Error,
}

/// One line of the terminal, with an id that stays the same while it is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermLine {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// The clock, the prompt and the time warp.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// Simulated seconds since the account was fresh.
    pub now: u64,
    /// `HH:MM:SS`, as the clock shows it.
    pub clock: String,
    /// A command needs more lines (the prompt is `> `).
    pub waiting: bool,
    /// Simulated seconds per real second; 0 = paused.
    pub speed: u32,
}

/// A view the page can watch, with what it is narrowed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewQuery {
    Summary,
    Diagram,
    Charts {
        window: crate::charts::Window,
    },
    /// The picker's list of forms (it does not change).
    FormIndex,
    /// An open form with the values typed so far (its fixed choices in `lang`).
    Form {
        id: String,
        values: FormValues,
        lang: crate::Lang,
    },
    /// The task definition editor: `family`'s revisions, and the diff from
    /// revision `from` to `to`.
    TaskDefinitions {
        family: String,
        from: u32,
        to: u32,
    },
    Events {
        sources: Vec<EventSource>,
    },
    Logs(LogQuery),
    /// The side panel of the selection (none: nothing selected), in `lang`.
    Panel {
        selection: Option<crate::panel::Selection>,
        lang: crate::Lang,
    },
}

/// A watched view's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum View {
    Summary(Summary),
    Diagram(crate::diagram::Diagram),
    Charts(Vec<crate::charts::Chart>),
    FormIndex(FormIndex),
    Form(FormView),
    TaskDefinitions(TaskDefinitions),
    Panel(Option<crate::panel::Panel>),
    Events(Vec<Event>),
    Logs(Logs),
}

/// What the account holds, in numbers, and its services.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub vpcs: usize,
    pub subnets: usize,
    pub clusters: usize,
    pub services: usize,
    pub running_tasks: usize,
    pub service_rows: Vec<ServiceRow>,
}

/// One active service: `cluster/name`, running and desired counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub key: String,
    pub running: usize,
    pub desired: u32,
    /// The scheduler could not place its last task.
    pub stuck: bool,
}

/// Where a timeline entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventSource {
    Service,
    Deployment,
    Scaling,
    Alarm,
}

impl EventSource {
    pub const ALL: [EventSource; 4] = [
        EventSource::Service,
        EventSource::Deployment,
        EventSource::Scaling,
        EventSource::Alarm,
    ];
}

/// One entry of the events timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// `HH:MM:SS` (or `Nd HH:MM:SS`).
    pub at: String,
    pub source: EventSource,
    /// The service, deployment, scalable target or alarm it is about.
    pub resource: String,
    pub message: String,
    /// Something went wrong (shown with a mark, not only a colour).
    pub problem: bool,
    /// The resource whose side panel explains the problem ("explain why").
    pub explain: Option<crate::panel::Selection>,
}

/// The Logs tab's choice: a group, a stream filter, how far back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogQuery {
    /// Empty: the first group there is.
    pub group: String,
    pub stream: String,
    pub since_seconds: u64,
}

/// The log groups, the one shown and its newest lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logs {
    pub groups: Vec<String>,
    pub group: String,
    pub lines: Vec<LogLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: String,
    pub stream: String,
    pub message: String,
}

/// A text in both languages (the engine's tables carry both; the page picks).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Ja => &self.ja,
            crate::Lang::En => &self.en,
        }
    }
}

/// Every form the picker offers, grouped by the AWS console's service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormIndex {
    pub groups: Vec<FormGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormGroup {
    pub label: Text,
    /// (form id, title).
    pub forms: Vec<(String, Text)>,
}

/// The values a learner typed or chose in a form, by field key.
pub type FormValues = std::collections::BTreeMap<String, String>;

/// An open form as it is now: its fields with the choices the world offers,
/// and the `aws` lines its values become.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormView {
    pub id: String,
    pub title: Text,
    pub fields: Vec<FormField>,
    /// The command lines these values would run (what the learner reads).
    pub preview: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub key: String,
    pub label: Text,
    pub kind: FieldKind,
    pub required: bool,
    /// What the field holds when the form opens.
    pub default: String,
    pub placeholder: String,
    /// (value, shown) for choice fields.
    pub choices: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    /// A whole number.
    Number,
    /// One of the choices.
    Choice,
    /// Any number of the choices (checkboxes); the value is space-separated.
    Multi,
}

/// What running a form did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormOutcome {
    /// The form's own checks stopped it: (field key, what is wrong).
    Problems(Vec<(String, Text)>),
    /// It ran; the start of what it printed.
    Done { stdout: String },
    /// The model refused it: the error, and the field it is about (if any).
    Refused {
        message: String,
        field: Option<String>,
    },
    /// The console is in the middle of a command of the learner's own.
    Busy,
}

/// The task definition editor's account side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDefinitions {
    /// The account's region (the form view's awslogs options name it).
    pub region: String,
    /// Every revision, newest first, as `family:revision`.
    pub references: Vec<String>,
    /// Every family with at least one revision.
    pub families: Vec<String>,
    /// The family compared: the one asked for, else the first.
    pub family: String,
    /// Its revisions, newest first, and whether each is ACTIVE.
    pub revisions: Vec<(u32, bool)>,
    /// The two revisions asked for, as a line diff of their JSON.
    pub diff: Vec<DiffLine>,
    /// Fargate's sizes: CPU units and the memory sizes (MiB) each allows.
    pub fargate_sizes: Vec<(u32, Vec<u32>)>,
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// What console lines run for the page printed, and how they ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// A file to download: task definitions, the AppSpec, the session as a
/// script, the architecture as CloudFormation (or the page's own progress).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    pub file_name: String,
    pub media_type: String,
    pub text: String,
}

/// What the engine can export from the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    TaskDefinitions,
    AppSpec,
    CloudFormation,
    Session,
}
