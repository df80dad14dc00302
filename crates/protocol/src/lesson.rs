//! A lesson's side of the protocol: the page owns the lesson's text and the
//! learner's progress; the engine checks the world against the step's goals
//! and answers what the page cannot know without the model.

use crate::Text;
use serde::{Deserialize, Serialize};

/// A lesson file as fetched: the engine reads it with the same reader the page uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonFile {
    pub name: String,
    pub text: String,
}

/// What the page asks of the lesson the engine has open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LessonRequest {
    /// The learner is at step `index`: the engine checks its goals from now on,
    /// and keeps the account as it was on arrival (for `ResetStep` and near misses).
    AtStep { index: usize },
    /// Back to the account as it was when the learner arrived at the step.
    ResetStep,
    /// The lesson's starting account.
    ResetLesson,
    /// "Predict, then watch": the number is read (after the clock move the page typed).
    Predict,
    /// The learner's world against the reference solutions' world one step on.
    Compare,
    /// Every step done: replay the learner's commands on the second seed.
    Recheck,
    /// A facilitator's link: the reference solutions' world at `step` on an
    /// account of `seed`. The current account is offered for keeping first
    /// (an [`crate::Update::Pending`]) unless nobody has touched it.
    Facilitator {
        step: usize,
        seed: u64,
        backup: String,
    },
}

/// What the engine answers about the open lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LessonUpdate {
    /// The current step's goals, met or not, in order; and the near miss the
    /// learner's world looks like, if it looks like one. Sent when it changes.
    Goals {
        step: usize,
        met: Vec<bool>,
        near_miss: Option<Text>,
    },
    /// The number the prediction's line printed after the clock ran.
    Predicted {
        actual: Option<f64>,
    },
    Compared(Comparison),
    /// The goals the second-seed replay did not see met (empty: passed), or why
    /// it could not be replayed.
    Rechecked(Result<Vec<MissedGoal>, String>),
    /// The lesson file could not be read or its starting world not built.
    Broken(String),
}

/// A goal a re-check did not see met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedGoal {
    pub step: String,
    pub goal: Text,
}

/// One line of a comparison with the reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareLine {
    /// Where a group of differences is, in the reference's lines (`@@ line 12`).
    Hunk(usize),
    Same(String),
    /// Only in the learner's world.
    Mine(String),
    /// Only in the reference world.
    Reference(String),
}

/// The learner's world against the reference, as templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub mine_only: usize,
    pub reference_only: usize,
    /// The differences with two lines of context around each group.
    pub lines: Vec<CompareLine>,
}

impl Comparison {
    pub fn same(&self) -> bool {
        self.mine_only == 0 && self.reference_only == 0
    }
}
