//! `#/` — what this is, and the two ways in.

use crate::app::t;
use crate::i18n::Msg;
use crate::router::Route;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let points = [
        Msg::HomePointNetwork,
        Msg::HomePointRegistry,
        Msg::HomePointServices,
        Msg::HomePointDeploy,
        Msg::HomePointScale,
    ];
    view! {
        <section class="page home">
            <h1>{t(Msg::HomeTitle)}</h1>
            <p class="lead">{t(Msg::HomeIntro)}</p>
            <p>{t(Msg::HomeNoAccount)}</p>
            <div class="cta">
                <a class="button primary" href=Route::Lessons.href() data-testid="start-learning">
                    {t(Msg::HomeStartLearning)}
                </a>
                <a class="button" href=Route::Sandbox.href() data-testid="open-sandbox">
                    {t(Msg::HomeOpenSandbox)}
                </a>
            </div>
            <h2>{t(Msg::HomeWhatYouDo)}</h2>
            <ul class="points">{points.map(|p| view! { <li>{t(p)}</li> }).collect_view()}</ul>
        </section>
    }
}
