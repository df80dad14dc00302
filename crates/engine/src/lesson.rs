//! The lesson open in the engine: the current step's goals checked against
//! the world as it changes (sent only when the verdict changes), the near
//! miss the learner's world looks like, the account as it was when the
//! learner arrived at the step, predictions, the comparison with the
//! reference, and the second-seed re-check of a finished lesson.

use ecs_protocol::lesson::{LessonUpdate, MissedGoal};
use ecs_protocol::Text;
use ecs_sim::console::Console;
use ecs_sim::lesson::{self as model, Lesson, StepOnConsole};

pub struct LessonSession {
    pub lesson: Lesson,
    /// The step the learner is at (as the page last said).
    step: usize,
    /// The account as it was when the learner arrived at `step`.
    step_start: Option<(usize, Console)>,
    /// What the goals were last checked on: (clock, commands run, step).
    checked_on: Option<(u64, usize, usize)>,
    /// The near miss, re-checked only when a command ran.
    near_miss: Option<(usize, usize, Option<Text>)>,
    sent: Option<LessonUpdate>,
}

fn text(t: &model::Text) -> Text {
    Text {
        ja: t.ja.clone(),
        en: t.en.clone(),
    }
}

fn commands_run(console: &Console) -> usize {
    console.journal().map_or(0, |j| j.entries.len())
}

impl LessonSession {
    /// Reads a lesson file (the reader the page uses too).
    pub fn read(name: &str, text: &str) -> Result<LessonSession, String> {
        let lesson = model::parse(name, text).map_err(|problems| {
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(LessonSession {
            lesson,
            step: 0,
            step_start: None,
            checked_on: None,
            near_miss: None,
            sent: None,
        })
    }

    /// The lesson's starting account.
    pub fn start(&self) -> Result<Console, String> {
        model::start(&self.lesson)
    }

    /// Whether `console` is the lesson's start that nobody has touched yet.
    pub fn untouched(&self, console: &Console) -> bool {
        let fresh = self.start().ok().map(|c| commands_run(&c));
        console.world.now.0 == 0
            && console.journal().is_some()
            && fresh == Some(commands_run(console))
    }

    /// The learner is at `index` now; arriving at a new step keeps the account as it is.
    pub fn at_step(&mut self, index: usize, console: &Console) {
        let index = index.min(self.lesson.steps.len().saturating_sub(1));
        self.step = index;
        if self.step_start.as_ref().map(|(i, _)| *i) != Some(index) {
            self.step_start = Some((index, console.clone()));
            self.near_miss = None;
        }
    }

    /// The account as it was when the learner arrived at the current step.
    pub fn step_start(&self) -> Option<Console> {
        self.step_start
            .as_ref()
            .filter(|(i, _)| *i == self.step)
            .map(|(_, c)| c.clone())
    }

    /// A new account (a reset, a snapshot): the goals are checked anew and
    /// the step starts from it.
    pub fn replaced(&mut self, console: &Console) {
        self.step_start = Some((self.step, console.clone()));
        self.checked_on = None;
        self.near_miss = None;
    }

    /// Reads the prediction's number (the page has run its clock move first).
    pub fn predict(&self, console: &Console) -> LessonUpdate {
        let Some(predict) = self
            .lesson
            .steps
            .get(self.step)
            .and_then(|s| s.predict.as_ref())
        else {
            return LessonUpdate::Predicted { actual: None };
        };
        LessonUpdate::Predicted {
            actual: model::observe(predict, console),
        }
    }

    /// The learner's world against the reference solutions' one step on.
    pub fn compare(&self, console: &Console) -> Result<LessonUpdate, String> {
        let reference = model::world_at_step(&self.lesson, self.step + 1, model::LESSON_SEED)?;
        Ok(LessonUpdate::Compared(crate::compare::compare(
            &console.world,
            &reference.world,
        )))
    }

    /// Replays the learner's commands on the second seed.
    pub fn recheck(&self, console: &Console) -> LessonUpdate {
        let result = match console.journal() {
            Some(journal) => model::recheck(&self.lesson, journal, console.world.now.0).map(|m| {
                m.into_iter()
                    .map(|m| MissedGoal {
                        step: m.step,
                        goal: text(&m.goal),
                    })
                    .collect()
            }),
            None => Err("the history of this world is not known".into()),
        };
        LessonUpdate::Rechecked(result)
    }

    /// The current step's goals and near miss, if they changed since last sent.
    /// Checked only when the clock or the commands moved on.
    pub fn changes(&mut self, console: &Console) -> Option<LessonUpdate> {
        let step = self.lesson.steps.get(self.step)?;
        let commands = commands_run(console);
        let now = (console.world.now.0, commands, self.step);
        if self.checked_on == Some(now) && self.sent.is_some() {
            return None;
        }
        self.checked_on = Some(now);
        let met = step.goals_met(console);
        let cached = self
            .near_miss
            .as_ref()
            .filter(|(at, n, _)| *at == self.step && *n == commands)
            .map(|(_, _, why)| why.clone());
        let near_miss = match cached {
            Some(why) => why,
            None => {
                let why = self
                    .step_start
                    .as_ref()
                    .filter(|(i, _)| *i == self.step)
                    .and_then(|(_, start)| step.near_miss_in(start, console))
                    .map(|n| text(&n.why));
                self.near_miss = Some((self.step, commands, why.clone()));
                why
            }
        };
        let update = LessonUpdate::Goals {
            step: self.step,
            met,
            near_miss,
        };
        if self.sent.as_ref() == Some(&update) {
            return None;
        }
        self.sent = Some(update.clone());
        Some(update)
    }

    /// Everything is sent again (a new watcher, a new account).
    pub fn forget_sent(&mut self) {
        self.sent = None;
        self.checked_on = None;
    }
}
