//! The typed protocol between the page and the engine: serde types only, no
//! model code, so the page can speak to the engine without linking the model.

use serde::{Deserialize, Serialize};

/// The seed every lesson's account starts from (the model's
/// `ecs_sim::lesson::LESSON_SEED`; the engine's tests hold them equal). The
/// page needs it for facilitator links before the engine has loaded.
pub const LESSON_SEED: u64 = 2026;

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The interface language for a browser language list (`navigator.languages`):
    /// the first Japanese or English entry wins; anything else falls back to English.
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in preferred {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match primary.as_str() {
                "ja" => return Lang::Ja,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::En
    }
}

pub mod charts;
pub mod diagram;
pub mod lesson;
pub mod panel;
pub mod save;
pub mod views;

pub use lesson::{LessonFile, LessonRequest, LessonUpdate};
pub use save::{Replacing, SaveDocument};
pub use views::*;

/// What the page asks of the engine. Each request is answered by zero or
/// more [`Update`]s; the page never reads the world itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// A line typed at the prompt (Enter).
    Line {
        text: String,
    },
    /// Complete lines pasted or run from a lesson's code block, run one by
    /// one as if typed.
    Lines {
        lines: Vec<String>,
    },
    /// Ctrl+C with `typed` in the input line.
    Interrupt {
        typed: String,
    },
    /// Tab in the input line: answered by [`Update::Completion`].
    Complete {
        text: String,
    },
    /// Show `text` in the terminal without running it.
    Say {
        text: String,
    },
    /// Simulated seconds per real second (0 pauses).
    SetSpeed {
        speed: u32,
    },
    /// One animation frame: `elapsed_ms` of real time passed at the current
    /// speed. The engine advances within its own frame budget.
    Frame {
        elapsed_ms: u64,
    },
    /// Move the clock by a fixed step (the step buttons).
    Step {
        seconds: u64,
    },
    /// Move the clock on until deployments and services settle.
    UntilSteady,
    /// Run a form with these values: answered by [`Update::FormRun`] (and
    /// the terminal lines it printed).
    RunForm {
        id: String,
        values: FormValues,
    },
    /// Console lines to run as if typed (a form of the page's own, such as
    /// the task definition editor's): answered by [`Update::LinesRun`].
    RunLines {
        lines: Vec<String>,
    },
    /// A revision's register input as JSON (`family:revision`): answered
    /// by [`Update::RevisionJson`].
    LoadRevision {
        reference: String,
    },
    /// A file made from the account: answered by [`Update::Export`].
    Export {
        kind: ExportKind,
    },
    /// The share link's payload for the account: answered by [`Update::ShareLink`].
    ShareLink,
    /// The views the page shows now (each answered by [`Update::View`]
    /// whenever it changes).
    Watch {
        views: Vec<ViewQuery>,
    },
    /// The session's account: the saved document (none: a fresh one) and the
    /// lesson it belongs to (none: the free sandbox). Answered by [`Update::Opened`].
    Open {
        document: Option<SaveDocument>,
        lesson: Option<LessonFile>,
    },
    /// The account as a document ([`Update::Document`]); `snapshot` names the
    /// snapshot it is kept as, if it is one.
    Save {
        snapshot: Option<String>,
    },
    /// A snapshot in place of the account ([`Update::Restored`]); nothing
    /// changes if its world does not read.
    Restore {
        document: SaveDocument,
    },
    /// A shared link's payload: replayed, then offered in place of the account
    /// once the page has kept the account as the snapshot `backup`.
    OpenShared {
        payload: String,
        backup: String,
    },
    /// The page kept the account [`Update::Pending`] offered: put the new one in place.
    CommitPending,
    /// The page could not keep it: forget the new one.
    DropPending,
    Lesson(LessonRequest),
}

/// What the engine tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Update {
    /// Lines for the terminal (after `clear`, if the screen was wiped).
    Terminal {
        clear: bool,
        lines: Vec<TermLine>,
    },
    /// The clock, the prompt and the speed: sent whenever one changes.
    Status(Status),
    /// Tab completion's candidates and the completed input line.
    Completion {
        completed: String,
        candidates: Vec<String>,
    },
    /// What [`Request::RunLines`] printed; `None` when the console was in the
    /// middle of a command of the learner's own and nothing ran.
    LinesRun {
        output: Option<CommandOutput>,
    },
    /// A revision's JSON, if it exists.
    RevisionJson {
        reference: String,
        json: Option<String>,
    },
    /// The file asked for; `None` when the account has nothing of that kind.
    Export {
        kind: ExportKind,
        file: Option<Export>,
    },
    /// The share link's payload, or why there is none.
    ShareLink(Result<String, ShareRefusal>),
    /// A watched view, as it is now.
    View(View),
    /// What a [`Request::RunForm`] did, and the console lines it ran (for
    /// the input history).
    FormRun {
        id: String,
        outcome: FormOutcome,
        ran: Vec<String>,
    },
    /// The session's account is open; `unreadable`: the saved one's world did
    /// not read (the page sets the document aside) and a fresh one took its place.
    Opened {
        unreadable: bool,
    },
    Document {
        snapshot: Option<String>,
        document: SaveDocument,
    },
    Restored {
        ok: bool,
    },
    /// A new account is ready; keep `current` as the snapshot `backup` (when
    /// given: an untouched account is not kept), then commit or drop.
    Pending {
        replacing: Replacing,
        backup: Option<(String, SaveDocument)>,
    },
    /// The new account is in place (`Ok`), or why there is none (`Err`: nothing changed).
    Replaced {
        replacing: Replacing,
        result: Result<(), String>,
    },
    Lesson(LessonUpdate),
}

/// Why an account cannot be shared as a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShareRefusal {
    /// Its history is unknown (it predates journals, or grew too long).
    NoJournal,
    /// The link would be this many characters, more than a link carries.
    TooLarge { chars: usize, max: usize },
}

/// Bumped whenever a message's shape changes: a page and an engine from
/// different builds (a stale cache) must not read each other's bytes.
pub const PROTOCOL_VERSION: u32 = 1;

/// A message to the engine: a request to one session's account (each page
/// that shows an account has its own), and the id its reply carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToEngine {
    pub session: u64,
    pub id: u64,
    /// `None`: the session is over and its account can go.
    pub request: Option<Request>,
}

/// A message from the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromEngine {
    /// The engine has started and speaks this version of the protocol.
    Ready { protocol: u32 },
    /// The updates in answer to request `id`, in order.
    Reply { id: u64, updates: Vec<Update> },
    /// A message did not decode (the page and engine are of different builds).
    Unreadable,
    /// The engine panicked; it is gone and the page says so.
    Panicked { message: String },
}

/// Where a shared account travels: `#/sandbox?world=<payload>`.
pub mod share_link {
    /// The key of the payload in the address's fragment.
    pub const QUERY_KEY: &str = "world";

    /// The payload in a `#/sandbox?world=…` fragment, if there is one.
    pub fn payload_in_hash(hash: &str) -> Option<&str> {
        let (_, query) = hash.split_once('?')?;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == QUERY_KEY).then_some(value)
        })
    }
}
