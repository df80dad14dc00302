//! Any route the app does not know.

use crate::app::t;
use crate::i18n::Msg;
use crate::router::Route;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page not-found" data-testid="not-found">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <p><a href=Route::Home.href()>{t(Msg::BackHome)}</a></p>
        </section>
    }
}
