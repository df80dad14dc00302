//! `#/lessons` — the lesson map — and `#/lessons/:id`, one lesson.

use crate::app::{t, use_ui};
use crate::curriculum::{self, LESSONS};
use crate::i18n::Msg;
use crate::router::Route;
use leptos::prelude::*;

#[component]
pub fn LessonMapPage() -> impl IntoView {
    let ui = use_ui();
    view! {
        <section class="page lessons">
            <h1>{t(Msg::LessonsTitle)}</h1>
            <p class="lead">{t(Msg::LessonsIntro)}</p>
            <ol class="lesson-map">
                {LESSONS
                    .iter()
                    .map(|lesson| {
                        view! {
                            <li>
                                <a href=Route::Lesson(lesson.id.to_string()).href() data-testid=format!("lesson-{}", lesson.id)>
                                    {move || lesson.title(ui.lang())}
                                </a>
                                <span class="badge">{t(Msg::LessonInPreparation)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn LessonPage(id: String) -> impl IntoView {
    let ui = use_ui();
    match curriculum::find(&id) {
        Some((index, lesson)) => view! {
            <section class="page lesson" data-lesson=lesson.id>
                <p class="eyebrow">{move || Msg::LessonNumber.fill(ui.lang(), &[("n", &(index + 1).to_string())])}</p>
                <h1>{move || lesson.title(ui.lang())}</h1>
                <p><span class="badge">{t(Msg::LessonInPreparation)}</span></p>
                <p><a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a></p>
            </section>
        }
        .into_any(),
        None => view! {
            <section class="page lesson-missing">
                <h1>{t(Msg::LessonNotFoundTitle)}</h1>
                <p>{move || Msg::LessonNotFoundBody.fill(ui.lang(), &[("id", &id)])}</p>
                <p><a href=Route::Lessons.href()>{t(Msg::BackToLessons)}</a></p>
            </section>
        }
        .into_any(),
    }
}
