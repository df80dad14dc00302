//! `#/lessons` — the lesson map, from `lessons/index.yaml`, with the
//! learner's progress and the progress file. Lessons of the planned
//! curriculum that are not written yet show as "in preparation". Part of the
//! shell: the lesson player (`#/lessons/:id`) is in `lesson.rs`.

use crate::app::{t, use_ui};
use crate::components::lesson_panel::load_progress;
use crate::components::save_share::Download;
use crate::curriculum::LESSONS;
use crate::i18n::{Lang, Msg};
use crate::lessons::{fetch_index, fetch_lesson};
use crate::persistence::{self, LocalStorage};
use crate::router::Route;
use ecs_protocol::Export;
use leptos::prelude::*;

/// (id, title ja, title en, steps) of each written lesson, in map order.
type Written = Vec<(String, String, String, usize)>;

async fn written_lessons() -> Result<Written, String> {
    let ids = fetch_index().await?;
    let mut out = Vec::new();
    for id in ids {
        match fetch_lesson(&id).await {
            Ok((l, _)) => out.push((l.id, l.title.ja, l.title.en, l.steps.len())),
            // A broken file still appears on the map; its page shows why.
            Err(_) => out.push((id.clone(), id.clone(), id, 0)),
        }
    }
    Ok(out)
}

#[component]
pub fn LessonMapPage() -> impl IntoView {
    let ui = use_ui();
    let written = LocalResource::new(written_lessons);
    let progress = RwSignal::new(load_progress());
    view! {
        <section class="page lessons">
            <h1>{t(Msg::LessonsTitle)}</h1>
            <p class="lead">{t(Msg::LessonsIntro)}</p>
            {move || {
                let lang = ui.lang();
                let written = written.get().and_then(Result::ok).unwrap_or_default();
                let progress = progress.get();
                // The map follows lessons/index.yaml; planned lessons not written yet follow it.
                let planned = LESSONS
                    .iter()
                    .filter(|p| !written.iter().any(|w| w.0 == p.id))
                    .map(|p| (p.id.to_string(), p.title(lang).to_string(), None));
                let entries: Vec<(String, String, Option<usize>)> = written
                    .iter()
                    .map(|w| {
                        let title = if lang == Lang::Ja { w.1.clone() } else { w.2.clone() };
                        (w.0.clone(), title, Some(w.3))
                    })
                    .chain(planned)
                    .collect();
                view! {
                    <ol class="lesson-map" data-testid="lesson-map">
                        {entries
                            .into_iter()
                            .map(|(id, title, steps)| {
                                let badge = match steps {
                                    None => Msg::LessonInPreparation.text(lang).to_string(),
                                    Some(total) => match progress.lessons.get(&id) {
                                        Some(p) if p.finished => Msg::LessonCompleted.text(lang).to_string(),
                                        Some(p) => steps_done(lang, p.completed_steps.len(), total),
                                        None => steps_done(lang, 0, total),
                                    },
                                };
                                let class = if steps.is_some() { "badge ready" } else { "badge" };
                                view! {
                                    <li>
                                        <a href=Route::Lesson(id.clone()).href() data-testid=format!("lesson-{id}")>{title}</a>
                                        <span class=class>{badge}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
            }}
            <ProgressFile progress/>
        </section>
    }
}

/// Progress as a file: saved to take to another browser (or to keep), and
/// loaded back — merged with what is here, never replacing it.
#[component]
fn ProgressFile(progress: RwSignal<persistence::Progress>) -> impl IntoView {
    let ui = use_ui();
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        let lang = ui.lang();
        leptos::task::spawn_local(async move {
            if file.size() > persistence::MAX_PROGRESS_FILE as f64 {
                outcome.set(Some(Err(Msg::ProgressImportFailed
                    .fill(lang, &[("reason", Msg::ProgressFileTooLarge.text(lang))]))));
                return;
            }
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let result = persistence::import_progress(&mut LocalStorage::open(), &text);
            outcome.set(Some(match result {
                Ok(merged) => {
                    progress.set(merged);
                    Ok(())
                }
                Err(err) => {
                    let reason = match err {
                        persistence::ImportError::TooLarge { .. } => {
                            Msg::ProgressFileTooLarge.text(lang).to_string()
                        }
                        persistence::ImportError::Unreadable => {
                            Msg::ProgressFileUnreadable.text(lang).to_string()
                        }
                        persistence::ImportError::Storage(e) => format!("{e:?}"),
                    };
                    Err(Msg::ProgressImportFailed.fill(lang, &[("reason", &reason)]))
                }
            }));
        });
    };
    view! {
        <section class="progress-file" aria-labelledby="progress-file-title">
            <h2 id="progress-file-title">{t(Msg::ProgressTitle)}</h2>
            <ul class="exports">
                <Download
                    label=Msg::ProgressExport
                    testid="progress-export"
                    make=move || Some(Export {
                        file_name: "ecs-playground-progress.json".into(),
                        media_type: "application/json".into(),
                        text: persistence::export_progress(&mut LocalStorage::open()),
                    })
                />
            </ul>
            <label class="file-input">
                {t(Msg::ProgressImport)}
                " "
                <input type="file" accept="application/json,.json" data-testid="progress-import" on:change=on_file/>
            </label>
            {move || outcome.get().map(|r| match r {
                Ok(()) => view! { <p class="form-done" role="status" data-testid="progress-imported">{t(Msg::ProgressImported)}</p> }.into_any(),
                Err(message) => view! { <p class="form-error" role="alert" data-testid="progress-import-error">{message}</p> }.into_any(),
            })}
        </section>
    }
}
/// "3 of 6 steps", or "0 of 1 step" for a lesson of one step.
fn steps_done(lang: Lang, done: usize, total: usize) -> String {
    let msg = if total == 1 {
        Msg::LessonStepsDoneOfOne
    } else {
        Msg::LessonStepsDone
    };
    msg.fill(
        lang,
        &[("done", &done.to_string()), ("total", &total.to_string())],
    )
}
