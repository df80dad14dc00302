//! The lesson panel beside the workspace: the step's text (Markdown), its
//! goal checklist — each goal ticks the moment the world meets it, whether
//! the learner used the console or a form — hints revealed one by one, the
//! reference solution (shown, or applied line by line in the console),
//! quizzes, previous/next, resetting the step (to the account as it was when
//! the learner arrived at it) or the whole lesson. Progress is saved.

use crate::app::{t, use_ui};
use crate::i18n::{Lang, Msg};
use crate::markdown;
use crate::persistence::{self, LessonProgress, LocalStorage, Progress};
use crate::router::Route;
use crate::sandbox::use_sandbox;
use crate::sandbox::Sandbox;
use crate::study_group;
use ecs_lesson::{Lesson, Step};
use ecs_protocol::lesson::{CompareLine, Comparison, LessonUpdate, MissedGoal};
use ecs_protocol::{LessonRequest, Replacing, LESSON_SEED};
use leptos::prelude::*;

fn ja(lang: Lang) -> bool {
    lang == Lang::Ja
}

/// The learner's progress in every lesson, shared by the map and the player.
pub fn load_progress() -> Progress {
    persistence::load_progress(&mut LocalStorage::open()).state
}

fn quiz_view(step: Step, lang: Lang, on_correct: impl Fn() + 'static) -> impl IntoView {
    let Some(quiz) = step.quiz.clone() else {
        return ().into_any();
    };
    let chosen = RwSignal::new(None::<usize>);
    let answered = RwSignal::new(None::<usize>);
    let choices = quiz.choices.clone();
    let name = format!("quiz-{}", step.id);
    view! {
        <fieldset class="quiz" data-testid="quiz">
            <legend>{quiz.question.get(ja(lang)).to_string()}</legend>
            {choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let name = name.clone();
                    view! {
                        <label class="quiz-choice">
                            // The property follows the signal: when the next step's quiz is
                            // drawn over this one's elements, no answer stays ticked.
                            <input
                                type="radio"
                                name=name
                                prop:checked=move || chosen.get() == Some(i)
                                on:change=move |_| chosen.set(Some(i))
                            />
                            {c.text.get(ja(lang)).to_string()}
                        </label>
                    }
                })
                .collect_view()}
            <button
                data-testid="quiz-check"
                disabled=move || chosen.get().is_none()
                on:click=move |_| {
                    answered.set(chosen.get_untracked());
                    if let Some(i) = chosen.get_untracked() {
                        if choices.get(i).is_some_and(|c| c.correct) {
                            on_correct();
                        }
                    }
                }
            >
                {Msg::QuizCheck.text(lang)}
            </button>
            {move || {
                answered.get().and_then(|i| quiz.choices.get(i).cloned()).map(|c| {
                    let verdict = if c.correct { Msg::QuizCorrect } else { Msg::QuizWrong };
                    view! {
                        <p class=if c.correct { "quiz-result correct" } else { "quiz-result wrong" } role="status">
                            <strong>{if c.correct { "✓ " } else { "✗ " }}{verdict.text(lang)}</strong>
                            " "
                            {c.explanation.get(ja(lang)).to_string()}
                        </p>
                    }
                })
            }}
        </fieldset>
    }
    .into_any()
}

/// "Predict, then watch": the learner's guess, then the clock runs (typed
/// into the console, so it is in the history) and the real number is shown.
fn predict_view(
    step: Step,
    lang: Lang,
    sandbox: Sandbox,
    on_watched: impl Fn() + 'static,
) -> impl IntoView {
    let Some(predict) = step.predict.clone() else {
        return ().into_any();
    };
    let guess = RwSignal::new(String::new());
    let seen = RwSignal::new(None::<(f64, Option<f64>)>);
    // The guess waiting for the engine to read the number.
    let waiting = RwSignal::new(None::<f64>);
    let guessed = move || guess.with(|g| g.trim().parse::<f64>().ok().filter(|n| n.is_finite()));
    let watch = {
        let predict = predict.clone();
        move |_| {
            let Some(g) = guessed() else { return };
            sandbox.submit(&predict.advance_line());
            sandbox.lesson(LessonRequest::Predict);
            waiting.set(Some(g));
        }
    };
    Effect::new(move |_| {
        let Some(LessonUpdate::Predicted { actual }) = sandbox.lesson_answer.get() else {
            return;
        };
        if let Some(g) = waiting.get_untracked() {
            waiting.set(None);
            seen.set(Some((g, actual)));
            // No number: the world is not in the state the step needs; the step is not done.
            if actual.is_some() {
                on_watched();
            }
        }
    });
    view! {
        <fieldset class="predict" data-testid="predict">
            <legend>{predict.question.get(ja(lang)).to_string()}</legend>
            <label>
                {Msg::PredictGuess.text(lang)}" "
                <input
                    type="number"
                    data-testid="predict-guess"
                    prop:value=move || guess.get()
                    on:input=move |ev| guess.set(event_target_value(&ev))
                    disabled=move || seen.get().is_some()
                />
            </label>
            <button
                data-testid="predict-watch"
                disabled=move || guessed().is_none() || seen.get().is_some() || waiting.get().is_some()
                on:click=watch
            >
                {Msg::PredictWatch.text(lang)}
            </button>
            {move || seen.get().map(|(g, actual)| {
                let shown = |n: f64| if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n:.2}") };
                let Some(actual) = actual else {
                    return view! {
                        <div class="predict-result" role="status" data-testid="predict-result" data-close="false">
                            <p><strong>{Msg::PredictUnreadable.text(lang)}</strong></p>
                        </div>
                    }
                    .into_any();
                };
                let actual_text = shown(actual);
                let close = predict.close_enough(g, actual);
                view! {
                    <div class="predict-result" role="status" data-testid="predict-result" data-close=close.to_string()>
                        <p><strong>{Msg::PredictResult.fill(lang, &[("guess", &shown(g)), ("actual", &actual_text)])}</strong>
                        " "{if close { Msg::PredictClose.text(lang) } else { Msg::PredictFar.text(lang) }}</p>
                        <p>{predict.explanation.get(ja(lang)).to_string()}</p>
                    </div>
                }
                .into_any()
            })}
        </fieldset>
    }
    .into_any()
}

/// The study-group kit in the panel: the facilitator's link to this step, and
/// the learner's world compared with the reference solutions' world.
#[component]
fn StudyGroup(lesson: StoredValue<Lesson>, current: Memo<usize>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let link = move || {
        let location = window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        let id = lesson.with_value(|l| l.id.clone());
        study_group::facilitator_link(&base, &id, current.get(), LESSON_SEED)
    };
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&link());
        copied.set(true);
    };
    let comparison = RwSignal::new(None::<Comparison>);
    let asked = RwSignal::new(false);
    // A new step compares anew.
    Effect::new(move |_| {
        current.track();
        comparison.set(None);
    });
    let compare = move |_| {
        asked.set(true);
        sandbox.lesson(LessonRequest::Compare);
    };
    Effect::new(move |_| {
        if let Some(LessonUpdate::Compared(result)) = sandbox.lesson_answer.get() {
            if asked.get_untracked() {
                asked.set(false);
                comparison.set(Some(result));
            }
        }
    });
    let _ = lesson;
    view! {
        <details class="study-group" data-testid="study-group">
            <summary>{t(Msg::StudyGroup)}</summary>
            <label>
                {t(Msg::FacilitatorLinkLabel)}
                <input class="facilitator-link" data-testid="facilitator-link" readonly prop:value=link/>
            </label>
            <p class="hint-text">{t(Msg::FacilitatorLinkHint)}</p>
            <button data-testid="facilitator-copy" on:click=copy>{move || if copied.get() { t(Msg::CodeCopied)() } else { t(Msg::FacilitatorCopy)() }}</button>
            <h3>{t(Msg::CompareTitle)}</h3>
            <p class="hint-text">{t(Msg::CompareHint)}</p>
            <button data-testid="compare-run" on:click=compare>{t(Msg::CompareRun)}</button>
            {move || comparison.get().map(|c| {
                let lang = ui.lang();
                if c.same() {
                    return view! { <p class="compare-same" role="status" data-testid="compare-result" data-same="true">{Msg::CompareSame.text(lang)}</p> }.into_any();
                }
                let lines = c.lines.iter().map(|l| match l {
                    CompareLine::Hunk(n) => view! { <div class="hunk">{format!("@@ {n}")}</div> }.into_any(),
                    CompareLine::Same(t) => view! { <div>{format!("  {t}")}</div> }.into_any(),
                    CompareLine::Mine(t) => view! { <div class="added">{format!("+ {t}")}</div> }.into_any(),
                    CompareLine::Reference(t) => view! { <div class="removed">{format!("- {t}")}</div> }.into_any(),
                }).collect_view();
                view! {
                    <div role="status" data-testid="compare-result" data-same="false">
                        <p>{Msg::CompareSummary.fill(lang, &[("mine", &c.mine_only.to_string()), ("reference", &c.reference_only.to_string())])}</p>
                        <pre class="code compare-diff">{lines}</pre>
                    </div>
                }.into_any()
            })}
        </details>
    }
}

#[component]
pub fn LessonPanel(lesson: Lesson, next_lesson: Option<(String, String, String)>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let lesson = StoredValue::new(lesson);
    let id = lesson.with_value(|l| l.id.clone());
    let total = lesson.with_value(|l| l.steps.len());
    // Challenge mode: the goals only, and a par number of commands.
    let par = lesson.with_value(|l| l.par);
    let progress = RwSignal::new(load_progress());
    let mine = {
        let id = id.clone();
        move || progress.with(|p| p.lessons.get(&id).cloned().unwrap_or_default())
    };
    let update = {
        let id = id.clone();
        move |change: &dyn Fn(&mut LessonProgress)| {
            progress.update(|p| change(p.lessons.entry(id.clone()).or_default()));
        }
    };
    // The one place progress is written: merged with what another tab may have
    // saved meanwhile, and that other tab's saves are taken in as they happen.
    Effect::new(move |_| {
        let snapshot = progress.get();
        if let Ok(merged) = persistence::save_progress(&mut LocalStorage::open(), &snapshot) {
            if merged != snapshot {
                progress.set(merged);
            }
        }
    });
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(persistence::PROGRESS_KEY) {
            let stored = load_progress();
            progress.update(|p| p.merge(&stored));
        }
    });
    on_cleanup(move || other_tab.remove());
    // Time on the lesson, counted while the page is open.
    if let Ok(handle) = set_interval_with_handle(
        {
            let update = update.clone();
            move || update(&|p| p.seconds = p.seconds.saturating_add(15))
        },
        std::time::Duration::from_secs(15),
    ) {
        on_cleanup(move || handle.clear());
    }
    let current = {
        let mine = mine.clone();
        Memo::new(move |_| mine().current_step.min(total.saturating_sub(1)))
    };
    // invariant: a parsed lesson has at least one step, and `current` is clamped to the last.
    let step = move || lesson.with_value(|l| l.steps[current.get()].clone());
    // The engine checks the current step's goals whenever the world changes,
    // and keeps the account as it was when the learner arrived at the step
    // ("reset step", and telling a near miss from the start).
    Effect::new(move |_| {
        sandbox.lesson(LessonRequest::AtStep {
            index: current.get(),
        })
    });
    let this_step = move || {
        sandbox.lesson_goals.with(|g| {
            g.as_ref()
                .filter(|g| g.step == current.get())
                .map(|g| (g.met.clone(), g.near_miss.clone()))
        })
    };
    // Each goal of the current step, met or not.
    let goals_met = Memo::new(move |_| this_step().map(|(met, _)| met).unwrap_or_default());
    // The learner's world looks like one of the step's near misses: which mistake.
    let near_miss = Memo::new(move |_| this_step().and_then(|(_, why)| why));
    // A facilitator's link put the lesson's account at its step: so is the learner.
    Effect::new({
        let update = update.clone();
        move |_| {
            if let Some((Replacing::Facilitator { step }, Ok(_))) = sandbox.replaced.get() {
                // The steps before it were done for everyone by their reference solutions.
                let done: Vec<String> = lesson
                    .with_value(|l| l.steps.iter().take(step).map(|s| s.id.clone()).collect());
                update(&|p| {
                    p.current_step = step.min(total.saturating_sub(1));
                    for id in &done {
                        if !p.completed_steps.contains(id) {
                            p.completed_steps.push(id.clone());
                        }
                    }
                });
            }
        }
    });
    let hints_shown = RwSignal::new(0usize);
    let solution_shown = RwSignal::new(false);
    let complete_step = {
        let update = update.clone();
        move || {
            let step_id = step().id;
            update(&|p| {
                if !p.completed_steps.contains(&step_id) {
                    p.completed_steps.push(step_id.clone());
                }
            });
        }
    };
    // Goals met: the step is complete the moment it happens.
    Effect::new({
        let complete_step = complete_step.clone();
        move |_| {
            let met = goals_met.get();
            if !met.is_empty() && met.iter().all(|m| *m) {
                complete_step();
            }
        }
    });
    // Every step done: the lesson is re-checked on a second seed (the learner's
    // own commands, other luck) before it counts as finished.
    let recheck = RwSignal::new(None::<Result<Vec<MissedGoal>, String>>);
    let recheck_asked = RwSignal::new(false);
    Effect::new({
        let mine = mine.clone();
        move |_| {
            let me = mine();
            let all_done =
                lesson.with_value(|l| l.steps.iter().all(|s| me.completed_steps.contains(&s.id)));
            if !all_done || me.finished || recheck.with(Option::is_some) || recheck_asked.get() {
                return;
            }
            recheck_asked.set(true);
            sandbox.lesson(LessonRequest::Recheck);
        }
    });
    Effect::new({
        let update = update.clone();
        move |_| {
            let Some(LessonUpdate::Rechecked(result)) = sandbox.lesson_answer.get() else {
                return;
            };
            if !recheck_asked.get_untracked() {
                return;
            }
            recheck_asked.set(false);
            // Passed, or could not be re-checked (said so): finished.
            if !matches!(&result, Ok(missed) if !missed.is_empty()) {
                update(&|p| p.finished = true);
            }
            recheck.set(Some(result));
        }
    });
    let go = {
        let update = update.clone();
        move |to: usize| {
            hints_shown.set(0);
            solution_shown.set(false);
            update(&|p| p.current_step = to.min(total.saturating_sub(1)));
        }
    };
    let step_done = {
        let mine = mine.clone();
        move || mine().completed_steps.contains(&step().id)
    };
    let finished = {
        let mine = mine.clone();
        move || mine().finished
    };
    // Restarting is undoable: the account is kept as a snapshot first (if it
    // cannot be kept, nothing restarts), and Undo brings it and the progress back.
    let restart_kept =
        RwSignal::new(None::<Result<(persistence::SnapshotMeta, LessonProgress), String>>);
    let reset_lesson = {
        let update = update.clone();
        let mine = mine.clone();
        move |_| {
            let lang = ui.lang();
            let name = Msg::ResetBackupName.fill(
                lang,
                &[("time", &sandbox.status.with_untracked(|s| s.clock.clone()))],
            );
            let before = mine();
            let update = update.clone();
            sandbox.keep_snapshot(&name, move |kept| match kept {
                Ok(meta) => {
                    sandbox.lesson(LessonRequest::ResetLesson);
                    recheck.set(None);
                    update(&|p| {
                        *p = LessonProgress {
                            resets: p.resets.saturating_add(1),
                            ..LessonProgress::default()
                        }
                    });
                    hints_shown.set(0);
                    solution_shown.set(false);
                    restart_kept.set(Some(Ok((meta, before))));
                }
                Err(err) => restart_kept.set(Some(Err(
                    crate::components::save_share::snapshot_error(err, lang),
                ))),
            });
        }
    };
    let undo_restart = {
        let update = update.clone();
        move |_| {
            let Some(Ok((meta, before))) = restart_kept.get_untracked() else {
                return;
            };
            let update = update.clone();
            sandbox.undo_to_snapshot(meta.id, move |ok| {
                if ok {
                    // The progress as it was (a reset still counts).
                    update(&|p| {
                        *p = LessonProgress {
                            resets: p.resets,
                            ..before.clone()
                        }
                    });
                    restart_kept.set(None);
                }
            });
        }
    };
    // Steps before this one that have goals and are not done: the learner skipped
    // ahead, and this step builds on what they make. Catching up runs their
    // reference solutions in order, as the facilitator's link does.
    let skipped = {
        let mine = mine.clone();
        move || {
            let me = mine();
            let at = current.get();
            lesson.with_value(|l| {
                l.steps
                    .iter()
                    .enumerate()
                    .take(at)
                    .filter(|(_, s)| !s.goals.is_empty() && !me.completed_steps.contains(&s.id))
                    .map(|(i, s)| (i, s.id.clone(), s.solution.clone()))
                    .collect::<Vec<_>>()
            })
        }
    };
    let catch_up = {
        let skipped = skipped.clone();
        let update = update.clone();
        move |_| {
            for (_, id, solution) in untrack(&skipped) {
                if let Some(solution) = solution {
                    sandbox.run_block(solution.trim_end());
                }
                update(&|p| {
                    if !p.completed_steps.contains(&id) {
                        p.completed_steps.push(id.clone());
                    }
                });
            }
        }
    };
    let reset_step = {
        let update = update.clone();
        move |_| {
            let index = current.get_untracked();
            let step_id = lesson.with_value(|l| l.steps.get(index).map(|s| s.id.clone()));
            sandbox.lesson(LessonRequest::ResetStep);
            recheck.set(None);
            update(&|p| {
                p.completed_steps.retain(|s| Some(s) != step_id.as_ref());
                p.finished = false;
            });
            hints_shown.set(0);
            solution_shown.set(false);
        }
    };
    let apply_solution = move |_| {
        if let Some(solution) = step().solution {
            for line in solution.lines() {
                sandbox.submit(line);
            }
        }
    };
    let title = move || lesson.with_value(|l| l.title.get(ja(ui.lang())).to_string());
    let step_done_in_panel = step_done.clone();
    let go_previous = {
        let go = go.clone();
        move |_: leptos::ev::MouseEvent| go(current.get_untracked().saturating_sub(1))
    };
    let go_next = move |_: leptos::ev::MouseEvent| go(current.get_untracked() + 1);
    view! {
        <aside class="lesson-panel" aria-label=t(Msg::LessonPanelLabel) data-testid="lesson-panel">
            <p class="eyebrow">
                <a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a>
            </p>
            <h1>{title}</h1>
            <p class="step-count" data-testid="step-count">
                {move || Msg::LessonStepOf.fill(ui.lang(), &[("n", &(current.get() + 1).to_string()), ("total", &total.to_string())])}
            </p>
            {move || {
                let lang = ui.lang();
                let s = step();
                let met = goals_met.get();
                let goals = s
                    .goals
                    .iter()
                    .zip(met.iter().copied().chain(std::iter::repeat(false)))
                    .map(|(g, ok)| view! {
                        <li class:met=ok data-testid="goal" data-met=ok.to_string()>
                            <span class="goal-mark" aria-hidden="true">{if ok { "✓" } else { "○" }}</span>
                            <span class="visually-hidden">{if ok { Msg::GoalMet.text(lang) } else { Msg::GoalNotMet.text(lang) }}</span>
                            {g.text.get(ja(lang)).to_string()}
                        </li>
                    })
                    .collect_view();
                let has_goals = !s.goals.is_empty();
                // In a challenge, hints and the solution stay hidden until the goals are met.
                // (Only a challenge reads the step's completion here: re-rendering the step on
                // completion would wipe a quiz's answer.)
                let helps = par.is_none() || step_done_in_panel();
                let hints = if helps { s.hints.clone() } else { Vec::new() };
                let hint_count = hints.len();
                let solution = s.solution.clone().filter(|_| helps);
                view! {
                    <h2 data-testid="step-title">{s.title.get(ja(lang)).to_string()}</h2>
                    {par.map(|par| view! {
                        <p class="challenge" data-testid="challenge">
                            {move || Msg::LessonChallenge.fill(lang, &[("par", &par.to_string()), ("n", &sandbox.history.get().len().to_string())])}
                        </p>
                    })}
                    <div class="lesson-body">{markdown::to_view(s.body.get(ja(lang)))}</div>
                    {has_goals.then(|| view! {
                        <h3>{Msg::LessonGoals.text(lang)}</h3>
                        <ul class="goals" aria-live="polite">{goals}</ul>
                    })}
                    {move || near_miss.get().map(|why| view! {
                        <p class="near-miss" role="status" data-testid="near-miss">
                            <strong>{Msg::NearMissSeen.text(lang)}</strong>" "{why.get(lang).to_string()}
                        </p>
                    })}
                    {quiz_view(s.clone(), lang, {
                        let complete_step = complete_step.clone();
                        move || complete_step()
                    })}
                    {predict_view(s.clone(), lang, sandbox, {
                        let complete_step = complete_step.clone();
                        move || complete_step()
                    })}
                    <div class="hints">
                        {move || hints.iter().take(hints_shown.get()).map(|h| view! { <p class="hint">{"💡 "}{h.get(ja(lang)).to_string()}</p> }).collect_view()}
                        {(hint_count > 0).then(|| view! {
                            <button data-testid="show-hint" disabled={move || hints_shown.get() >= hint_count} on:click=move |_| hints_shown.update(|n| *n += 1)>
                                {Msg::LessonShowHint.text(lang)}
                            </button>
                        })}
                        {solution.clone().map(|text| view! {
                            <button data-testid="show-solution" on:click=move |_| solution_shown.update(|s| *s = !*s)>
                                {Msg::LessonShowSolution.text(lang)}
                            </button>
                            <button data-testid="apply-solution" on:click=apply_solution>
                                {Msg::LessonApplySolution.text(lang)}
                            </button>
                            <Show when=move || solution_shown.get()>
                                <pre class="code solution">{text.clone()}</pre>
                            </Show>
                        })}
                    </div>
                }
            }}
            {move || {
                let gaps = skipped();
                (!gaps.is_empty()).then(|| {
                    let lang = ui.lang();
                    let numbers = gaps.iter().map(|(i, _, _)| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
                    view! {
                        <div class="notice skipped-steps" role="status" data-testid="skipped-steps">
                            <p>{Msg::SkippedSteps.fill(lang, &[("steps", &numbers)])}</p>
                            <button type="button" data-testid="catch-up" on:click=catch_up.clone()>{Msg::CatchUp.text(lang)}</button>
                        </div>
                    }
                })
            }}
            <p class="step-status" role="status" data-testid="step-status">
                {move || step_done().then(|| Msg::LessonStepDone.text(ui.lang()))}
            </p>
            <div class="lesson-nav">
                <button data-testid="step-prev" disabled=move || current.get() == 0 on:click=go_previous>
                    {t(Msg::LessonPrev)}
                </button>
                <button data-testid="step-next" disabled={move || current.get() + 1 >= total} on:click=go_next>
                    {t(Msg::LessonNext)}
                </button>
                <button data-testid="step-reset" on:click=reset_step>{t(Msg::LessonResetStep)}</button>
                <button data-testid="lesson-reset" on:click=reset_lesson>{t(Msg::LessonReset)}</button>
            </div>
            {move || restart_kept.get().map(|result| match result {
                Ok((meta, _)) => view! {
                    <p class="notice reset-kept" role="status" data-testid="restart-kept">
                        {Msg::LessonRestartKept.fill(ui.lang(), &[("name", &meta.name)])}" "
                        <button type="button" data-testid="restart-undo" on:click=undo_restart.clone()>{t(Msg::ResetUndo)}</button>
                    </p>
                }.into_any(),
                Err(reason) => view! {
                    <p class="notice" role="alert" data-testid="restart-refused">{Msg::ResetNotKept.fill(ui.lang(), &[("reason", &reason)])}</p>
                }.into_any(),
            })}
            <StudyGroup lesson=lesson current=current/>
            {move || match recheck.get() {
                Some(Ok(missed)) if !missed.is_empty() => {
                    let lang = ui.lang();
                    view! {
                        <div class="recheck" role="status" data-testid="recheck-missed">
                            <p>{Msg::RecheckMissed.text(lang)}</p>
                            <ul>{missed.iter().map(|m| view! { <li>{m.goal.get(lang).to_string()}</li> }).collect_view()}</ul>
                            <button data-testid="recheck-again" on:click=move |_| recheck.set(None)>{Msg::RecheckAgain.text(lang)}</button>
                        </div>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            }}
            {move || finished().then(|| {
                let lang = ui.lang();
                let rechecked = match recheck.get() {
                    Some(Ok(_)) => Some(Msg::RecheckPassed.text(lang).to_string()),
                    Some(Err(reason)) => Some(Msg::RecheckUnavailable.fill(lang, &[("reason", &reason)])),
                    None => None,
                };
                view! {
                    <div class="lesson-finished" data-testid="lesson-finished">
                        <p><strong>{Msg::LessonFinished.text(lang)}</strong></p>
                        {rechecked.map(|text| view! { <p data-testid="recheck-passed">{text}</p> })}
                        {next_lesson.clone().map(|(next_id, title_ja, title_en)| view! {
                            <a href=Route::Lesson(next_id).href()>
                                {Msg::LessonNextLesson.fill(lang, &[("title", if ja(lang) { &title_ja } else { &title_en })])}
                            </a>
                        })}
                    </div>
                }
            })}
        </aside>
    }
}
