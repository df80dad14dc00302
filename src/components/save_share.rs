//! Save, share, export (the free sandbox's toolbar): named snapshots to come
//! back to, a share link that replays the session in a friend's browser, and
//! files to take away — task definitions, the AppSpec, the session as a
//! script, the architecture as CloudFormation. Opening a shared link happens
//! here too (on arrival, or when a link is pasted into this tab).

use crate::app::{t, use_ui};
use crate::i18n::{Lang, Msg};
use crate::persistence::{self, LocalStorage, Notice, SnapshotError, Snapshots};
use crate::sandbox::{use_sandbox, Sandbox};
use ecs_engine::export::{self, Export};
use ecs_engine::share::{self, ShareError};
use leptos::prelude::*;

/// The name a snapshot gets when the learner gives none (and the one the
/// sandbox is kept under before a restore or a shared link replaces it).
fn default_name(sandbox: Sandbox, lang: Lang) -> String {
    let time = sandbox.console_untracked(|c| c.world.now.to_string());
    Msg::SnapshotDefaultName.fill(lang, &[("time", &time)])
}

fn snapshot_error(err: SnapshotError, lang: Lang) -> String {
    match err {
        SnapshotError::Full => {
            Msg::SnapshotFull.fill(lang, &[("max", &persistence::MAX_SNAPSHOTS.to_string())])
        }
        SnapshotError::Storage(err) => format!("{err:?}"),
    }
}

/// Opens the shared world in `hash`, if it carries one, then drops the payload
/// from the address (a reload must not replay it again).
pub fn open_link_in(hash: &str, sandbox: Sandbox, lang: Lang) -> Option<Notice> {
    let payload = share::payload_in_hash(hash)?;
    let notice = match sandbox.open_shared(payload, &default_name(sandbox, lang)) {
        Ok(snapshot) => Notice::SharedLinkOpened { snapshot },
        Err(reason) => Notice::SharedLinkRefused { reason },
    };
    let _ = window().location().set_hash("#/sandbox");
    Some(notice)
}

/// A link that downloads `export` when clicked (a data: URL made at the click).
#[component]
pub fn Download(
    label: Msg,
    testid: &'static str,
    make: impl Fn() -> Option<Export> + Send + Sync + 'static,
) -> impl IntoView {
    let ui = use_ui();
    let missing = RwSignal::new(false);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(export) = make() else {
            ev.prevent_default();
            missing.set(true);
            return;
        };
        missing.set(false);
        let href = format!(
            "data:{};charset=utf-8,{}",
            export.media_type,
            js_sys::encode_uri_component(&export.text)
        );
        if let Some(target) = ev.current_target() {
            use wasm_bindgen::JsCast;
            if let Ok(a) = target.dyn_into::<web_sys::Element>() {
                let _ = a.set_attribute("href", &href);
                let _ = a.set_attribute("download", export.file_name);
            }
        }
    };
    view! {
        <li>
            <a href="#" data-testid=testid class="button" on:click=on_click>{move || label.text(ui.lang())}</a>
            <span class="form-hint" hidden=move || !missing.get()>" "{t(Msg::ExportNothing)}</span>
        </li>
    }
}

#[component]
pub fn SaveShare() -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let snapshots = RwSignal::new(persistence::load_snapshots(&mut LocalStorage::open()));
    let reload = move || snapshots.set(persistence::load_snapshots(&mut LocalStorage::open()));
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let link = RwSignal::new(None::<Result<String, String>>);
    let default_name = move || default_name(sandbox, ui.lang());

    // A link pasted into this tab while the sandbox is open.
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(notice) = open_link_in(&hash, sandbox, ui.lang()) {
            reload();
            ui.notice.set(Some(notice));
        }
    });
    on_cleanup(move || handle.remove());

    let take_snapshot = move |_| {
        let chosen = name.get_untracked();
        let chosen = if chosen.trim().is_empty() {
            default_name()
        } else {
            chosen
        };
        message.set(Some(match sandbox.keep_snapshot(&chosen) {
            Ok(meta) => Msg::SnapshotSaved.fill(ui.lang(), &[("name", &meta.name)]),
            Err(err) => snapshot_error(err, ui.lang()),
        }));
        name.set(String::new());
        reload();
    };
    let restore = move |id: u32, snapshot_name: String| {
        let Some(save) = persistence::load_snapshot(&mut LocalStorage::open(), id) else {
            message.set(Some(Msg::SnapshotUnreadable.text(ui.lang()).to_string()));
            return;
        };
        // What the learner has now is kept first: restoring never loses work.
        let backup = default_name();
        if let Err(err) = sandbox.keep_snapshot(&backup) {
            message.set(Some(snapshot_error(err, ui.lang())));
            return;
        }
        if sandbox.restore(save) {
            message.set(Some(
                Msg::SnapshotRestored
                    .fill(ui.lang(), &[("name", &snapshot_name), ("backup", &backup)]),
            ));
        } else {
            message.set(Some(Msg::SnapshotUnreadable.text(ui.lang()).to_string()));
        }
        reload();
    };
    let delete = move |id: u32| {
        let _ = persistence::delete_snapshot(&mut LocalStorage::open(), id);
        reload();
    };
    let make_link = move |_| {
        let lang = ui.lang();
        link.set(Some(match sandbox.share_payload() {
            Ok(payload) => {
                let location = window().location();
                let base = format!(
                    "{}{}",
                    location.origin().unwrap_or_default(),
                    location.pathname().unwrap_or_default()
                );
                Ok(format!("{base}#/sandbox?{}={payload}", share::QUERY_KEY))
            }
            Err(ShareError::TooLarge { chars }) => Err(Msg::ShareTooLarge.fill(
                lang,
                &[
                    ("chars", &chars.to_string()),
                    ("max", &share::MAX_PAYLOAD_CHARS.to_string()),
                ],
            )),
            Err(_) => Err(Msg::ShareNoJournal.text(lang).to_string()),
        }));
    };
    let copy = move |_| {
        if let Some(Ok(url)) = link.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&url);
        }
    };
    let list = move |s: &Snapshots| s.items.clone();
    view! {
        <details class="save-share" data-testid="save-share">
            <summary>{t(Msg::SaveShareTitle)}</summary>
            <div class="save-share-body">
                <section>
                    <div class="td-row">
                        <label>
                            <span class="visually-hidden">{t(Msg::SnapshotName)}</span>
                            <input type="text" data-testid="snapshot-name" placeholder=default_name prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" data-testid="snapshot-save" on:click=take_snapshot>{t(Msg::SnapshotSave)}</button>
                    </div>
                    <p class="form-hint" role="status" data-testid="snapshot-message">{move || message.get().unwrap_or_default()}</p>
                    {move || {
                        let items = snapshots.with(list);
                        if items.is_empty() {
                            return view! { <p class="form-hint">{t(Msg::SnapshotsEmpty)}</p> }.into_any();
                        }
                        view! {
                            <ul class="snapshots" data-testid="snapshots">
                                {items.into_iter().rev().map(|meta| {
                                    let restore_name = meta.name.clone();
                                    view! {
                                        <li>
                                            <span class="snapshot-name">{meta.name.clone()}</span>
                                            <span class="form-hint">" "{meta.sim_time.clone()}" "</span>
                                            <button type="button" data-testid="snapshot-restore" on:click=move |_| restore(meta.id, restore_name.clone())>{t(Msg::SnapshotRestore)}</button>
                                            <button type="button" data-testid="snapshot-delete" on:click=move |_| delete(meta.id)>{t(Msg::SnapshotDelete)}</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section>
                    <button type="button" data-testid="share-make" on:click=make_link>{t(Msg::ShareMake)}</button>
                    <p class="form-hint">{t(Msg::ShareHelp)}</p>
                    {move || link.get().map(|result| match result {
                        Ok(url) => view! {
                            <div class="td-row">
                                <input type="text" readonly data-testid="share-link" prop:value=url.clone()/>
                                <button type="button" data-testid="share-copy" on:click=copy>{t(Msg::ShareCopy)}</button>
                            </div>
                        }.into_any(),
                        Err(reason) => view! { <p class="field-error" role="alert" data-testid="share-error">{reason}</p> }.into_any(),
                    })}
                </section>
                <section>
                    <h2>{t(Msg::ExportTitle)}</h2>
                    <ul class="exports">
                        <Download label=Msg::ExportTaskDefinitions testid="export-task-definitions" make=move || sandbox.console_untracked(|c| export::task_definitions(&c.world))/>
                        <Download label=Msg::ExportAppSpec testid="export-appspec" make=move || sandbox.console_untracked(|c| export::appspec(&c.world))/>
                        <Download label=Msg::ExportCloudFormation testid="export-cloudformation" make=move || sandbox.console_untracked(|c| ecs_engine::cloudformation::yaml(&c.world))/>
                        <Download label=Msg::ExportSession testid="export-session" make=move || sandbox.console_untracked(|c| c.journal().map(|j| export::session_script(j, c.world.now.0)))/>
                    </ul>
                </section>
            </div>
        </details>
    }
}
