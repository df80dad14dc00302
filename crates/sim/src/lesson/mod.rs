//! Lessons checked against the model: whether a step's goals are met on a
//! console, the near miss a learner's world looks like, a lesson's starting
//! world and its world at a step, `verify` (every reference solution reaches
//! its goals and no near miss does) and the second-seed re-check of a
//! finished lesson. The lesson data and its reader are `ecs_lesson`'s.

pub mod check;

use check::CheckOnConsole;
pub use ecs_lesson::{
    check::Check, check_curriculum, parse, parse_index, Choice, Goal, Lesson, NearMiss, Predict,
    Problem, Quiz, Step, Text, LESSON_SEED,
};

/// The model's side of a step: its goals checked on a console.
pub trait StepOnConsole {
    /// Whether each of the step's goals is met on `console`, in order.
    fn goals_met(&self, console: &crate::console::Console) -> Vec<bool>;
    /// Whether every goal is met at once (a step without goals never is).
    fn all_goals_met(&self, console: &crate::console::Console) -> bool;
    /// The near miss the learner's world looks like (see the impl).
    fn near_miss_in(
        &self,
        start: &crate::console::Console,
        now: &crate::console::Console,
    ) -> Option<&NearMiss>;
    /// What the reference does at this step (see the impl).
    fn apply_reference(
        &self,
        console: &mut crate::console::Console,
    ) -> (Vec<(String, String)>, bool);
}

impl StepOnConsole for Step {
    /// Whether each of the step's goals is met on `console`, in order.
    fn goals_met(&self, console: &crate::console::Console) -> Vec<bool> {
        check::Check::met_all(self.goals.iter().map(|g| &g.check), console)
    }

    /// Whether every goal is met at once (a step without goals never is).
    fn all_goals_met(&self, console: &crate::console::Console) -> bool {
        !self.goals.is_empty() && self.goals_met(console).iter().all(|m| *m)
    }

    /// The near miss the learner's world looks like, seen through the step's
    /// own goal checks: each near miss's solution is run on `start` (the world
    /// as the step began), and the one whose checks see what they see in `now`
    /// is it. Nothing while the goals are met or nothing has changed yet.
    /// Worlds that differ elsewhere (other ids, extra resources) match no near
    /// miss, so a hint is only ever given for the mistake itself.
    fn near_miss_in(
        &self,
        start: &crate::console::Console,
        now: &crate::console::Console,
    ) -> Option<&NearMiss> {
        if self.near_misses.is_empty() || self.all_goals_met(now) {
            return None;
        }
        let observe = |console: &crate::console::Console| {
            check::Check::observe_all(self.goals.iter().map(|g| &g.check), console)
        };
        let seen = observe(now);
        if seen == observe(start) {
            return None;
        }
        self.near_misses.iter().find(|near| {
            let mut candidate = start.clone();
            candidate.run(&near.solution);
            observe(&candidate) == seen
        })
    }

    /// What the reference does at this step, line by line as "apply the
    /// solution" types them (here-documents span lines), then the prediction's
    /// clock move. Returns each refused line with its error, and whether the
    /// solution ended inside an unfinished command (then closed).
    fn apply_reference(
        &self,
        console: &mut crate::console::Console,
    ) -> (Vec<(String, String)>, bool) {
        let mut refused = Vec::new();
        for line in self.solution.iter().flat_map(|s| s.lines()) {
            if let Some(out) = console.feed_line(line).filter(|o| o.status != 0) {
                refused.push((line.to_string(), out.stderr.trim().to_string()));
            }
        }
        let unfinished = console.is_waiting();
        if unfinished {
            console.run("");
        }
        if let Some(predict) = &self.predict {
            console.feed_line(&predict.advance_line());
        }
        (refused, unfinished)
    }
}

/// The number a prediction's line prints on `console` now, if it is one.
pub fn observe(predict: &Predict, console: &crate::console::Console) -> Option<f64> {
    let mut probe = console.clone();
    let out = probe.run(&predict.run);
    (out.status == 0)
        .then(|| out.stdout.trim().parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// A fresh account with the lesson's setup run in its console.
pub fn start(lesson: &Lesson) -> Result<crate::console::Console, String> {
    start_on(lesson, LESSON_SEED, None)
}

/// [`start`] on an account of `seed`, with random choices drawn from
/// `chance_seed` when given.
fn start_on(
    lesson: &Lesson,
    seed: u64,
    chance_seed: Option<u64>,
) -> Result<crate::console::Console, String> {
    let mut console = crate::console::Console::fresh(seed);
    if let Some(seed) = chance_seed {
        console.world.set_chance_seed(seed);
    }
    if let Some(setup) = &lesson.setup {
        let out = console.run(setup);
        if out.status != 0 {
            return Err(format!(
                "{}: the setup script failed: {}",
                lesson.id,
                out.stderr.trim()
            ));
        }
    }
    Ok(console)
}

/// The lesson's world as it is when a learner arrives at step `step` (0 is
/// the start) having followed the reference solutions, on an account of
/// `seed`: what a facilitator's link opens everyone at, and the reference a
/// learner's world is compared with (`step` one past their current step).
pub fn world_at_step(
    lesson: &Lesson,
    step: usize,
    seed: u64,
) -> Result<crate::console::Console, String> {
    let mut console = start_on(lesson, seed, None)?;
    for earlier in lesson.steps.iter().take(step) {
        earlier.apply_reference(&mut console);
    }
    Ok(console)
}

/// The second seed: a finished lesson is replayed with its random choices
/// drawn from this instead (ids unchanged), so a lucky roll cannot pass it.
pub const SECOND_SEED: u64 = 7_919;

/// Runs each step's reference solution in order on the lesson's starting
/// world: every goal must be unmet before its step's solution (a goal that
/// already holds teaches nothing) and met after it; every near miss must
/// leave the goals unmet; a prediction's line must read a number; the goals
/// marked `holds_at_end` must hold at the end. Then the same on the second
/// seed, and the first run's journal re-checked as a finished learner's is.
/// Returns what is wrong.
pub fn verify(lesson: &Lesson) -> Vec<String> {
    let (mut problems, finished) = verify_with_luck(lesson, None);
    let (second, _) = verify_with_luck(lesson, Some(SECOND_SEED));
    problems.extend(
        second
            .into_iter()
            .map(|p| format!("on the second seed: {p}")),
    );
    if let Some(console) = finished {
        match console.journal() {
            Some(journal) => match recheck(lesson, journal, console.world.now.0) {
                Ok(missed) => problems.extend(missed.iter().map(|m| {
                    format!(
                        "{}/{}: re-checking the finished lesson on the second seed misses \"{}\"",
                        lesson.id, m.step, m.goal.en
                    )
                })),
                Err(e) => problems.push(format!("{}: cannot re-check: {e}", lesson.id)),
            },
            None => problems.push(format!("{}: the solutions leave no journal", lesson.id)),
        }
    }
    problems
}

fn verify_with_luck(
    lesson: &Lesson,
    chance_seed: Option<u64>,
) -> (Vec<String>, Option<crate::console::Console>) {
    let mut console = match start_on(lesson, LESSON_SEED, chance_seed) {
        Ok(c) => c,
        Err(e) => return (vec![e], None),
    };
    let mut problems = Vec::new();
    for step in &lesson.steps {
        let at = format!("{}/{}", lesson.id, step.id);
        for (goal, _) in step
            .goals
            .iter()
            .zip(step.goals_met(&console))
            .filter(|(_, met)| *met)
        {
            problems.push(format!(
                "{at}: the goal \"{}\" is met before the solution",
                goal.text.en
            ));
        }
        if !step.goals.is_empty() && step.near_misses.is_empty() {
            problems.push(format!(
                "{at}: a hands-on step needs at least one near miss (a wrong solution that must not pass)"
            ));
        }
        for miss in &step.near_misses {
            let mut wrong = console.clone();
            for line in miss.solution.lines() {
                if let Some(out) = wrong.feed_line(line).filter(|o| o.status != 0) {
                    problems.push(format!(
                        "{at}: the near miss \"{}\" fails at `{line}` ({}) — a near miss is a mistake AWS accepts",
                        miss.why.en,
                        out.stderr.trim()
                    ));
                }
            }
            if !wrong.is_waiting() && step.all_goals_met(&wrong) {
                problems.push(format!(
                    "{at}: the near miss \"{}\" passes the goals",
                    miss.why.en
                ));
            }
        }
        let (refused, unfinished) = step.apply_reference(&mut console);
        for (line, error) in refused {
            problems.push(format!("{at}: the solution line `{line}` failed: {error}"));
        }
        if unfinished {
            problems.push(format!(
                "{at}: the solution ends inside an unfinished command (a here-document without its end line?)"
            ));
        }
        if let Some(predict) = &step.predict {
            // After what the watch button does (the clock has run), the number is read.
            if observe(predict, &console).is_none() {
                problems.push(format!(
                    "{at}: the prediction's line `{}` does not print a number",
                    predict.run
                ));
            }
        }
        for (goal, _) in step
            .goals
            .iter()
            .zip(step.goals_met(&console))
            .filter(|(_, met)| !*met)
        {
            problems.push(format!(
                "{at}: the solution does not reach \"{}\"",
                goal.text.en
            ));
        }
    }
    for missed in unmet_at_end(lesson, &console) {
        problems.push(format!(
            "{}/{}: \"{}\" must hold at the end of the lesson but does not",
            lesson.id, missed.step, missed.goal.en
        ));
    }
    (problems, Some(console))
}

/// A goal a re-check did not see met: its step and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    pub step: String,
    pub goal: Text,
}

/// The goals marked `holds_at_end` that do not hold on `console`.
fn unmet_at_end(lesson: &Lesson, console: &crate::console::Console) -> Vec<Missed> {
    let at_end: Vec<(&Step, &Goal)> = lesson
        .steps
        .iter()
        .flat_map(|s| s.goals.iter().map(move |g| (s, g)))
        .filter(|(_, g)| g.holds_at_end)
        .collect();
    let met = check::Check::met_all(at_end.iter().map(|(_, g)| &g.check), console);
    at_end
        .iter()
        .zip(met)
        .filter(|(_, met)| !*met)
        .map(|((step, goal), _)| Missed {
            step: step.id.clone(),
            goal: goal.text.clone(),
        })
        .collect()
}

/// How often a re-check looks at the world while the clock runs: the
/// lesson panel looks at every frame, so a state that lasts a minute is seen.
const RECHECK_EVERY_SECONDS: u64 = 30;

/// Re-checks a finished lesson on the second seed: the learner's journal is
/// replayed with other luck (the ids they typed are the same), looking at
/// the world after every command and every half minute of clock. Each step
/// with goals must have had all of them met at one moment, as the panel
/// saw them; a goal marked `holds_at_end` must hold at the end. Returns the
/// goals missed (empty: the lesson passes on the second seed too).
pub fn recheck(
    lesson: &Lesson,
    journal: &crate::console::Journal,
    until: u64,
) -> Result<Vec<Missed>, String> {
    use crate::console::Console;
    if journal.entries.len() > crate::console::MAX_JOURNAL_LINES {
        return Err("the history is too long to replay".into());
    }
    if until > crate::console::MAX_REPLAY_SECONDS {
        return Err("the clock ran too long to replay".into());
    }
    let mut console = Console::fresh(journal.seed);
    console.world.set_chance_seed(SECOND_SEED);
    console.set_clock_ceiling(Some(crate::console::MAX_REPLAY_SECONDS));
    // Steps whose goals have not yet all been met at once.
    let mut waiting: Vec<&Step> = lesson
        .steps
        .iter()
        .filter(|s| !s.goals.is_empty())
        .collect();
    let look = |console: &Console, waiting: &mut Vec<&Step>| {
        waiting.retain(|step| !step.all_goals_met(console));
    };
    let run_clock_to = |console: &mut Console, to: u64, waiting: &mut Vec<&Step>| {
        while console.world.now.0 < to && !waiting.is_empty() {
            let step = (to - console.world.now.0).min(RECHECK_EVERY_SECONDS);
            console.world.advance(crate::Duration(step));
            look(console, waiting);
        }
        if console.world.now.0 < to {
            let rest = to - console.world.now.0;
            console.world.advance(crate::Duration(rest));
        }
    };
    for entry in &journal.entries {
        if entry.at > crate::console::MAX_REPLAY_SECONDS {
            return Err("the clock ran too long to replay".into());
        }
        run_clock_to(&mut console, entry.at, &mut waiting);
        if console.feed_line(&entry.line).is_some() && !waiting.is_empty() {
            look(&console, &mut waiting);
        }
    }
    run_clock_to(&mut console, until, &mut waiting);
    let mut missed: Vec<Missed> = waiting
        .iter()
        .flat_map(|step| {
            step.goals
                .iter()
                .zip(step.goals_met(&console))
                .filter(|(_, met)| !*met)
                .map(|(g, _)| Missed {
                    step: step.id.clone(),
                    goal: g.text.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for miss in unmet_at_end(lesson, &console) {
        if !missed.contains(&miss) {
            missed.push(miss);
        }
    }
    Ok(missed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    const GOOD: &str = ecs_lesson::SAMPLE_LESSON;

    /// GOOD with a near miss under its hands-on step.
    fn with_near_miss(cidr: &str) -> String {
        GOOD.replace(
            "      aws ec2 create-vpc --cidr-block 10.0.0.0/24\n",
            &format!(
                "      aws ec2 create-vpc --cidr-block 10.0.0.0/24\n    near_misses:\n      - why:\n          ja: 違う範囲\n          en: Another range\n        solution: |\n          aws ec2 create-vpc --cidr-block {cidr}\n"
            ),
        )
    }

    #[test]
    fn a_near_miss_must_miss_and_every_hands_on_step_needs_one() {
        let missing = verify(&parse("sample.yaml", GOOD).unwrap());
        assert!(
            missing
                .iter()
                .any(|p| p.contains("needs at least one near miss")),
            "{missing:?}"
        );
        let lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        assert_eq!(lesson.steps[0].near_misses[0].why.en, "Another range");
        assert_eq!(verify(&lesson), Vec::<String>::new());
        // A "near miss" that is in fact the answer is caught…
        let passes = verify(&parse("sample.yaml", &with_near_miss("10.0.0.0/24")).unwrap());
        assert!(
            passes
                .iter()
                .any(|p| p.contains("near miss \"Another range\" passes")),
            "{passes:?}"
        );
        // …and so is one AWS would refuse (it teaches nothing about the goal).
        let refused = verify(&parse("sample.yaml", &with_near_miss("10.0.0.0/8")).unwrap());
        assert!(
            refused.iter().any(|p| p.contains("fails at")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_prediction_reads_and_its_line_must_print_a_number() {
        let predict = |run: &str, after: &str| {
            with_near_miss("10.0.0.0/16").replace(
                "    quiz:\n",
                &format!(
                    "    predict:\n      question:\n        ja: 何秒？\n        en: How many seconds?\n      after_seconds: {after}\n      run: {run}\n      tolerance: 5\n      explanation:\n        ja: 時計\n        en: The clock\n    quiz:\n"
                ),
            )
        };
        let lesson = parse(
            "sample.yaml",
            &predict("aws ec2 describe-vpcs --query 'length(Vpcs)'", "300"),
        )
        .unwrap();
        let p = lesson.steps[1].predict.clone().unwrap();
        assert_eq!((p.after_seconds, p.tolerance), (300, 5.0));
        assert_eq!(p.advance_line(), "sim advance 300");
        assert!(p.close_enough(296.0, 300.0) && !p.close_enough(294.0, 300.0));
        let mut console = Console::default();
        assert_eq!(observe(&p, &console), Some(1.0), "the default VPC");
        let words = parse(
            "sample.yaml",
            &predict("aws ec2 describe-vpcs --query 'Vpcs[0].VpcId'", "300"),
        )
        .unwrap();
        console.run("sim advance 60");
        assert_eq!(
            observe(words.steps[1].predict.as_ref().unwrap(), &console),
            None
        );
        assert!(verify(&words)
            .iter()
            .any(|p| p.contains("does not print a number")));
        for (bad, reason) in [("-3", "after_seconds"), ("999999", "at most 86400")] {
            let problems = parse(
                "sample.yaml",
                &predict("aws ec2 describe-vpcs --query 'length(Vpcs)'", bad),
            )
            .unwrap_err();
            assert!(
                problems.iter().any(|p| p.reason.contains(reason)),
                "{bad}: {problems:?}"
            );
        }
    }

    /// A lesson whose goal is the zones AWS happened to pick for four
    /// subnets created without one: on the lesson's own seed the solution
    /// passes, but only by luck.
    fn lucky_lesson() -> Lesson {
        let lines =
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.192/26";
        let zones_query = "aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC --query 'Subnets[].AvailabilityZone' --output text";
        let mut console = Console::fresh(LESSON_SEED);
        console.run(lines);
        let zones = console.run(zones_query).stdout.trim().to_string();
        let mut lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        lesson.steps.truncate(1);
        lesson.steps[0].solution = Some(lines.to_string());
        lesson.steps[0].near_misses.clear();
        lesson.steps[0].goals[0].check = check::Check::Run {
            line: zones_query.to_string(),
            equals: Some(zones),
            contains: None,
            at_least: None,
        };
        lesson
    }

    #[test]
    fn a_lucky_solution_fails_on_the_second_seed() {
        let lesson = lucky_lesson();
        let (first, console) = verify_with_luck(&lesson, None);
        assert!(
            first.iter().all(|p| p.contains("near miss")),
            "passes on its own seed: {first:?}"
        );
        let problems = verify(&lesson);
        assert!(
            problems.iter().any(|p| p.starts_with("on the second seed")),
            "{problems:?}"
        );
        // The learner's finished lesson, replayed: same ids, other zones.
        let console = console.unwrap();
        let missed = recheck(&lesson, console.journal().unwrap(), console.world.now.0).unwrap();
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].step, "vpc");
        // An honest solution (zones named) passes the re-check.
        let mut honest = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        honest.steps.truncate(1);
        let mut console = start(&honest).unwrap();
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/24");
        let journal = console.journal().unwrap().clone();
        assert_eq!(recheck(&honest, &journal, 600).unwrap(), Vec::new());
    }

    #[test]
    fn a_goal_that_must_hold_at_the_end_is_checked_there() {
        let text = with_near_miss("10.0.0.0/16").replace(
            "          equals: 1\n",
            "          equals: 1\n        holds_at_end: true\n",
        );
        let mut lesson = parse("sample.yaml", &text).unwrap();
        assert!(lesson.steps[0].goals[0].holds_at_end);
        assert_eq!(verify(&lesson), Vec::<String>::new());
        // A later step that undoes it: the lesson no longer ends with it true.
        let mut undo = lesson.steps[0].clone();
        undo.id = "undo".into();
        undo.goals[0].holds_at_end = false;
        undo.goals[0].check = check::Check::Run {
            line: "aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'".into(),
            equals: Some("0".into()),
            contains: None,
            at_least: None,
        };
        undo.solution = Some(
            "aws ec2 delete-vpc --vpc-id $(aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'Vpcs[0].VpcId' --output text)".into(),
        );
        undo.near_misses[0].solution = "aws ec2 describe-vpcs".into();
        lesson.steps.push(undo);
        let problems = verify(&lesson);
        assert!(
            problems.iter().any(|p| p.contains("must hold at the end")),
            "{problems:?}"
        );
        let bad = with_near_miss("10.0.0.0/16").replace(
            "          equals: 1\n",
            "          equals: 1\n        holds_at_end: yes please\n",
        );
        assert!(parse("sample.yaml", &bad)
            .unwrap_err()
            .iter()
            .any(|p| p.reason.contains("true or false")));
    }

    #[test]
    fn the_world_at_a_step_is_the_reference_solutions_so_far() {
        let lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        let vpcs = |c: &Console| c.world.ec2.vpcs.len();
        let at_start = world_at_step(&lesson, 0, LESSON_SEED).unwrap();
        let after_first = world_at_step(&lesson, 1, LESSON_SEED).unwrap();
        assert_eq!((vpcs(&at_start), vpcs(&after_first)), (1, 2));
        // Past the end is the finished lesson; another seed, other ids, same shape.
        let other = world_at_step(&lesson, 99, 5).unwrap();
        assert_eq!(vpcs(&other), 2);
        assert_ne!(
            other.world.ec2.vpcs.keys().collect::<Vec<_>>(),
            after_first.world.ec2.vpcs.keys().collect::<Vec<_>>()
        );
    }
}
