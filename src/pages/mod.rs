//! One module per route; [`view`] picks the page for the current route.

mod home;
#[cfg(feature = "workspace")]
mod lesson;
mod lessons;
mod not_found;
#[cfg(feature = "workspace")]
mod sandbox;

use crate::curriculum;
use crate::i18n::{Lang, Msg};
use crate::router::Route;
use leptos::prelude::*;

/// The page for `route`.
pub fn view(route: Route) -> AnyView {
    match route {
        Route::Home => home::HomePage().into_any(),
        Route::Lessons => lessons::LessonMapPage().into_any(),
        #[cfg(feature = "workspace")]
        Route::Lesson(id) => lesson::LessonPage(lesson::LessonPageProps { id }).into_any(),
        #[cfg(feature = "workspace")]
        Route::Sandbox => sandbox::SandboxPage().into_any(),
        #[cfg(not(feature = "workspace"))]
        route @ (Route::Lesson(_) | Route::Sandbox) => {
            crate::shell::WorkspaceLoading(crate::shell::WorkspaceLoadingProps { route }).into_any()
        }
        Route::NotFound => not_found::NotFoundPage().into_any(),
    }
}

/// The document title for `route`.
pub fn title(route: &Route, lang: Lang) -> String {
    match route {
        Route::Home => Msg::Tagline.text(lang).to_string(),
        Route::Lessons => Msg::LessonsTitle.text(lang).to_string(),
        Route::Lesson(id) => match curriculum::find(id) {
            Some((_, lesson)) => lesson.title(lang).to_string(),
            None => Msg::LessonNotFoundTitle.text(lang).to_string(),
        },
        Route::Sandbox => Msg::SandboxTitle.text(lang).to_string(),
        Route::NotFound => Msg::NotFoundTitle.text(lang).to_string(),
    }
}
