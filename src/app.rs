//! The app shell: header (navigation, language, theme, version), the notice
//! banner, the routed page and the one Effect that persists settings.

use crate::i18n::{Lang, Msg};
use crate::pages;
use crate::persistence::{self, LocalStorage, Notice, SavedState, Settings, StorageError, Theme};
use crate::router::Route;
use leptos::prelude::*;

/// The version shown in the footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit the build came from, when `cargo xtask` built it from a git checkout.
pub const COMMIT: Option<&str> = option_env!("ECS_PLAYGROUND_COMMIT");

/// App-wide interface state, provided through context.
#[derive(Clone, Copy)]
pub struct Ui {
    pub settings: RwSignal<Settings>,
    /// What the browser prefers, used until the learner chooses.
    browser_lang: Lang,
    browser_theme: Theme,
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<Notice>>,
}

impl Ui {
    pub fn lang(&self) -> Lang {
        self.settings.with(|s| s.lang).unwrap_or(self.browser_lang)
    }
    pub fn theme(&self) -> Theme {
        self.settings
            .with(|s| s.theme)
            .unwrap_or(self.browser_theme)
    }
    pub fn set_lang(&self, lang: Lang) {
        self.settings.update(|s| s.lang = Some(lang));
    }
    pub fn projector(&self) -> bool {
        self.settings.with(|s| s.projector)
    }
    pub fn toggle_projector(&self) {
        self.settings.update(|s| s.projector = !s.projector);
    }
    pub fn toggle_theme(&self) {
        let next = self.theme().toggled();
        self.settings.update(|s| s.theme = Some(next));
    }
}

/// The interface state from context.
pub fn use_ui() -> Ui {
    // invariant: `App` provides `Ui` before any page is built.
    expect_context::<Ui>()
}

/// Reactive text for `msg` in the current language.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let ui = use_ui();
    move || msg.text(ui.lang())
}

#[component]
pub fn App() -> impl IntoView {
    let loaded = persistence::load(&mut LocalStorage::open());
    let saving_allowed = loaded.saving_allowed;
    let ui = Ui {
        settings: RwSignal::new(loaded.state.settings),
        browser_lang: browser_language(),
        browser_theme: browser_theme(),
        route: RwSignal::new(current_route()),
        notice: RwSignal::new(loaded.notice),
    };
    provide_context(ui);
    // Once the page is idle: the workspace starts the engine, so an account
    // opens at once later; the shell lets the offline cache fetch the rest.
    #[cfg(feature = "workspace")]
    let when_idle = crate::engine_link::start;
    #[cfg(not(feature = "workspace"))]
    let when_idle = crate::shell::when_idle;
    set_timeout(when_idle, std::time::Duration::from_millis(1500));

    // The one place the app writes to storage.
    Effect::new(move |_| {
        let state = SavedState {
            settings: ui.settings.get(),
        };
        if saving_allowed {
            if let Err(err) = persistence::save(&mut LocalStorage::open(), &state) {
                ui.notice.set(Some(Notice::SaveFailed(err)));
            }
        }
    });

    // Reflect language and theme on <html> so CSS and screen readers follow.
    Effect::new(move |_| {
        let (lang, theme, projector) = (ui.lang(), ui.theme(), ui.projector());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
            let _ = root.set_attribute("data-theme", theme.name());
            let _ = root.set_attribute("data-projector", &projector.to_string());
        }
    });

    let hashchange = window_event_listener(leptos::ev::hashchange, move |_| {
        ui.route.set(current_route())
    });
    // The shell's app is unmounted when the workspace takes over.
    on_cleanup(move || hashchange.remove());

    // Title per page, and focus moved to the new page for keyboard and screen-reader users.
    Effect::new(move |previous: Option<Route>| {
        let route = ui.route.get();
        let lang = ui.lang();
        document().set_title(&format!(
            "{} — {}",
            pages::title(&route, lang),
            Msg::AppName.text(lang)
        ));
        if previous.is_some_and(|p| p != route) {
            if let Some(main) = document().get_element_by_id("main") {
                use leptos::wasm_bindgen::JsCast;
                if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = main.focus();
                }
            }
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        route
    });

    view! {
        <Header/>
        <NoticeBanner/>
        <main id="main" tabindex="-1">
            {move || pages::view(ui.route.get())}
        </main>
        <footer class="app-footer">
            <span>{t(Msg::VersionLabel)} " " <span data-testid="version">{VERSION}</span></span>
            {COMMIT.map(|c| view! { <span class="commit">" (" {c} ")"</span> })}
        </footer>
    }
}

#[component]
fn Header() -> impl IntoView {
    let ui = use_ui();
    let theme_text = move || match ui.theme() {
        Theme::Light => format!("☀ {}", Msg::ThemeLight.text(ui.lang())),
        Theme::Dark => format!("☾ {}", Msg::ThemeDark.text(ui.lang())),
    };
    let focus_main = move |_| {
        if let Some(main) = document().get_element_by_id("main") {
            use leptos::wasm_bindgen::JsCast;
            if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    view! {
        <header class="app-header">
            <button class="skip-link" on:click=focus_main>{t(Msg::SkipToContent)}</button>
            <a class="brand" href=Route::Home.href()>
                <span class="brand-mark" aria-hidden="true">"▣"</span>
                {t(Msg::AppName)}
            </a>
            <nav class="main-nav" aria-label=t(Msg::NavMain)>
                <NavLink target=Route::Lessons label=Msg::NavLessons/>
                <NavLink target=Route::Sandbox label=Msg::NavSandbox/>
            </nav>
            <div class="controls">
                <div class="lang-switch" role="group" aria-label=t(Msg::LanguageLabel)>
                    {Lang::ALL
                        .into_iter()
                        .map(|lang| {
                            view! {
                                <button
                                    lang=lang.tag()
                                    data-testid=format!("lang-{}", lang.tag())
                                    aria-pressed=move || (ui.lang() == lang).to_string()
                                    on:click=move |_| ui.set_lang(lang)
                                >
                                    {lang.native_name()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <button
                    class="theme-toggle"
                    data-testid="theme-toggle"
                    title=t(Msg::ThemeLabel)
                    on:click=move |_| ui.toggle_theme()
                >
                    // Named by its content: what it shows, and (for screen readers) what it is.
                    <span class="visually-hidden">{move || format!("{}: ", Msg::ThemeLabel.text(ui.lang()))}</span>
                    {theme_text}
                </button>
                <button
                    class="projector-toggle"
                    data-testid="projector-toggle"
                    title=t(Msg::ProjectorHint)
                    aria-pressed=move || ui.projector().to_string()
                    on:click=move |_| ui.toggle_projector()
                >
                    {t(Msg::ProjectorMode)}
                </button>
            </div>
        </header>
    }
}

/// A header link that marks itself as the current page.
#[component]
fn NavLink(target: Route, label: Msg) -> impl IntoView {
    let ui = use_ui();
    let href = target.href();
    let is_current = move || {
        let route = ui.route.get();
        route == target || (target == Route::Lessons && matches!(route, Route::Lesson(_)))
    };
    view! {
        <a href=href aria-current=move || is_current().then_some("page")>
            {t(label)}
        </a>
    }
}

/// Tells the learner about their saved data; stays until dismissed.
#[component]
fn NoticeBanner() -> impl IntoView {
    let ui = use_ui();
    move || {
        ui.notice.get().map(|notice| {
            let text = move || notice_text(&notice, ui.lang());
            view! {
                <div class="notice" role="alert" data-testid="notice">
                    <p>{text}</p>
                    <button on:click=move |_| ui.notice.set(None)>{t(Msg::NoticeDismiss)}</button>
                </div>
            }
        })
    }
}

fn notice_text(notice: &Notice, lang: Lang) -> String {
    match notice {
        Notice::StorageUnavailable => Msg::NoticeStorageUnavailable.text(lang).to_string(),
        Notice::CorruptSetAside { backup_key } => {
            Msg::NoticeCorruptSetAside.fill(lang, &[("key", backup_key)])
        }
        Notice::FutureVersionSetAside {
            version,
            backup_key,
        } => Msg::NoticeFutureSetAside.fill(
            lang,
            &[("key", backup_key), ("version", &version.to_string())],
        ),
        Notice::BackupFailed => Msg::NoticeBackupFailed.text(lang).to_string(),
        Notice::SavedWithRecentMetrics { minutes } => {
            Msg::NoticeSavedRecentMetrics.fill(lang, &[("hours", &(minutes / 60).to_string())])
        }
        Notice::FacilitatorLinkOpened { step, snapshot } => match snapshot {
            Some(name) => {
                Msg::FacilitatorOpened.fill(lang, &[("step", &step.to_string()), ("name", name)])
            }
            None => Msg::FacilitatorOpenedFresh.fill(lang, &[("step", &step.to_string())]),
        },
        Notice::FacilitatorLinkRefused { reason } => {
            Msg::FacilitatorRefused.fill(lang, &[("reason", reason)])
        }
        Notice::SaveFailed(StorageError::QuotaExceeded) => {
            Msg::NoticeQuotaExceeded.text(lang).to_string()
        }
        Notice::SaveFailed(StorageError::Unavailable) => {
            Msg::NoticeStorageUnavailable.text(lang).to_string()
        }
        Notice::SandboxSetAside { backup_key } => {
            Msg::NoticeSandboxSetAside.fill(lang, &[("key", backup_key)])
        }
        Notice::SaveFailed(StorageError::Other(reason)) => {
            Msg::NoticeSaveFailed.fill(lang, &[("reason", reason)])
        }
        Notice::SharedLinkOpened { snapshot } => {
            Msg::NoticeSharedOpened.fill(lang, &[("name", snapshot)])
        }
        Notice::SharedLinkRefused { reason } => {
            Msg::NoticeSharedRefused.fill(lang, &[("reason", reason)])
        }
    }
}

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

fn browser_language() -> Lang {
    let languages: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if languages.is_empty() {
        let single = window().navigator().language().unwrap_or_default();
        return Lang::from_browser([single.as_str()]);
    }
    Lang::from_browser(languages.iter().map(String::as_str))
}

fn browser_theme() -> Theme {
    let dark = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}
