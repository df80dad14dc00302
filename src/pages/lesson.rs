//! `#/lessons/:id` — the lesson player: the lesson panel beside a workspace
//! on the lesson's own account (saved apart from the free sandbox). Part of
//! the workspace module (see `src/shell.rs`).

use crate::app::{t, use_ui};
use crate::components::engine_gate::EngineGate;
use crate::components::lesson_panel::LessonPanel;
use crate::components::time_controls::TimeControls;
use crate::components::workspace::Workspace;
use crate::curriculum;
use crate::i18n::{Lang, Msg};
use crate::lessons::{fetch_index, fetch_lesson};
use crate::persistence::{self, Notice};
use crate::router::Route;
use crate::sandbox::Sandbox;
use ecs_lesson::Lesson;
use ecs_protocol::{LessonFile, LessonRequest, Replacing};
use leptos::prelude::*;

/// The loader's answer for a planned lesson the index does not list yet.
const NOT_WRITTEN: &str = "not written yet";

#[component]
pub fn LessonPage(id: String) -> impl IntoView {
    let ui = use_ui();
    let wanted = id.clone();
    let loaded = LocalResource::new(move || {
        let id = wanted.clone();
        async move {
            // Only lessons the index lists are fetched (no request for one not written yet).
            let order = fetch_index().await.map_err(|e| vec![e])?;
            let Some(at) = order.iter().position(|i| *i == id) else {
                return Err(vec![NOT_WRITTEN.to_string()]);
            };
            let lesson = fetch_lesson(&id).await?;
            let next = match order.get(at + 1) {
                Some(next) => fetch_lesson(next)
                    .await
                    .ok()
                    .map(|(l, _)| (l.id, l.title.ja, l.title.en)),
                None => None,
            };
            Ok((lesson, next))
        }
    });
    move || {
        match loaded.get() {
        None => view! { <section class="page"><p data-testid="lesson-loading">{t(Msg::LessonLoading)}</p></section> }.into_any(),
        Some(Ok(((lesson, file), next))) => view! { <LessonPlayer lesson=lesson file=file next_lesson=next/> }.into_any(),
        Some(Err(problems)) => match curriculum::find(&id) {
            // A planned lesson that is not written yet.
            Some((index, planned)) if problems.iter().any(|p| p == NOT_WRITTEN) => view! {
                <section class="page lesson" data-lesson=planned.id>
                    <p class="eyebrow">{move || Msg::LessonNumber.fill(ui.lang(), &[("n", &(index + 1).to_string())])}</p>
                    <h1>{move || planned.title(ui.lang())}</h1>
                    <p><span class="badge">{t(Msg::LessonInPreparation)}</span></p>
                    <p><a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a></p>
                </section>
            }
            .into_any(),
            Some(_) => view! {
                <section class="page lesson-broken" data-testid="lesson-broken">
                    <h1>{t(Msg::LessonBroken)}</h1>
                    <ul>{problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ul>
                    <p><a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a></p>
                </section>
            }
            .into_any(),
            None => {
                let id = id.clone();
                view! {
                    <section class="page lesson-missing">
                        <h1>{t(Msg::LessonNotFoundTitle)}</h1>
                        <p>{move || Msg::LessonNotFoundBody.fill(ui.lang(), &[("id", &id)])}</p>
                        <p><a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a></p>
                    </section>
                }
                .into_any()
            }
        },
    }
    }
}

/// The lesson's own account in context for everything inside: the panel and the workspace.
#[component]
fn LessonPlayer(
    lesson: Lesson,
    file: LessonFile,
    next_lesson: Option<(String, String, String)>,
) -> impl IntoView {
    let ui = use_ui();
    let key = persistence::lesson_sandbox_key(&lesson.id);
    let sandbox = Sandbox::open(&key, ui.notice, Some(file));
    provide_context(sandbox);
    open_facilitator_link(&lesson, sandbox, ui);
    let id = lesson.id.clone();
    view! {
        <section class="page lesson-player" data-lesson=id>
            <div class="lesson-layout">
                <LessonPanel lesson=lesson next_lesson=next_lesson/>
                // On one column (a phone) the console is below the step's text: one tap away.
                <button type="button" class="to-console" data-testid="to-console" on:click=move |_| {
                    if let Some(input) = document().get_element_by_id("console-input") {
                        // Centred: at the bottom edge this button would cover it.
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Center);
                        input.scroll_into_view_with_scroll_into_view_options(&options);
                    }
                }>{t(Msg::ToConsole)}</button>
                <div class="lesson-work">
                    // The lesson's text works at once; the account once the engine has loaded.
                    <EngineGate>
                        <div class="sandbox-head">
                            <TimeControls/>
                        </div>
                        <Workspace/>
                    </EngineGate>
                </div>
            </div>
        </section>
    }
}

/// Arriving through a facilitator's link (`#/lessons/ID?step=N&seed=S`): the
/// lesson's world becomes the one the reference solutions reach by step N on
/// an account of seed S — the same for everyone in the group — and the
/// learner's own world is kept as a snapshot first (unless nobody has
/// touched it). The link's parameters are then dropped from the address, so
/// a reload does not do it again.
fn open_facilitator_link(lesson: &Lesson, sandbox: Sandbox, ui: crate::app::Ui) {
    let hash = window().location().hash().unwrap_or_default();
    let Some(link) = crate::study_group::facilitator_in_hash(&hash) else {
        return;
    };
    let step = link.step.min(lesson.steps.len().saturating_sub(1));
    let backup = format!(
        "{} · {}",
        lesson.title.get(ui.lang() == Lang::Ja),
        Msg::FacilitatorLinkLabel.text(ui.lang())
    );
    sandbox.lesson(LessonRequest::Facilitator {
        step,
        seed: link.seed,
        backup,
    });
    Effect::new(move |_| {
        let Some((Replacing::Facilitator { step }, result)) = sandbox.replaced.get() else {
            return;
        };
        // (The lesson panel moves the learner to the step.)
        let notice = match result {
            Ok(snapshot) => Notice::FacilitatorLinkOpened {
                step: step + 1,
                snapshot,
            },
            Err(reason) => Notice::FacilitatorLinkRefused { reason },
        };
        ui.notice.set(Some(notice));
    });
    let _ = window().history().and_then(|h| {
        h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&Route::Lesson(lesson.id.clone()).href()),
        )
    });
}
