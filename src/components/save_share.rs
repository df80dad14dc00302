//! Save, share, export (the free sandbox's toolbar): named snapshots to come
//! back to, a share link that replays the session in a friend's browser, and
//! files to take away — task definitions, the AppSpec, the session as a
//! script, the architecture as CloudFormation. Opening a shared link happens
//! here too (on arrival, or when a link is pasted into this tab).

use crate::app::{t, use_ui};
use crate::i18n::{Lang, Msg};
use crate::persistence::{self, LocalStorage, Notice, SnapshotError, Snapshots};
use crate::sandbox::{use_sandbox, Sandbox};
use ecs_protocol::share_link as share;
use ecs_protocol::{Export, ExportKind, Replacing, ShareRefusal};
use leptos::prelude::*;

/// The name a snapshot gets when the learner gives none (and the one the
/// sandbox is kept under before a restore or a shared link replaces it).
fn default_name(sandbox: Sandbox, lang: Lang) -> String {
    let time = sandbox.status.with_untracked(|s| s.clock.clone());
    Msg::SnapshotDefaultName.fill(lang, &[("time", &time)])
}

pub fn snapshot_error(err: SnapshotError, lang: Lang) -> String {
    match err {
        SnapshotError::Full => {
            Msg::SnapshotFull.fill(lang, &[("max", &persistence::MAX_SNAPSHOTS.to_string())])
        }
        SnapshotError::Storage(err) => format!("{err:?}"),
    }
}

/// Opens the shared world in `hash`, if it carries one, then drops the payload
/// from the address (a reload must not replay it again). Whether it did
/// arrives in [`Sandbox::replaced`]; see [`shared_link_notice`].
pub fn open_link_in(hash: &str, sandbox: Sandbox, lang: Lang) -> bool {
    let Some(payload) = share::payload_in_hash(hash) else {
        return false;
    };
    sandbox.open_shared(payload, &default_name(sandbox, lang));
    // Replaced, not set: a hash change would rebuild the page (and its session).
    let _ = window().history().and_then(|h| {
        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/sandbox"))
    });
    true
}

/// The notice for a shared link's outcome, once the engine has answered.
pub fn shared_link_notice(sandbox: Sandbox) -> Option<Notice> {
    match sandbox.replaced.get()? {
        (Replacing::SharedLink, Ok(snapshot)) => Some(Notice::SharedLinkOpened {
            snapshot: snapshot.unwrap_or_default(),
        }),
        (Replacing::SharedLink, Err(reason)) => Some(Notice::SharedLinkRefused { reason }),
        _ => None,
    }
}

/// Starts the download of `export` (a data: URL on a link that is clicked).
fn download(export: &Export) {
    use wasm_bindgen::JsCast;
    let href = format!(
        "data:{};charset=utf-8,{}",
        export.media_type,
        js_sys::encode_uri_component(&export.text)
    );
    let Ok(link) = document().create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", &export.file_name);
    // Attached while clicked: some browsers ignore a detached link's click.
    if let (Some(body), Ok(link)) = (document().body(), link.dyn_into::<web_sys::HtmlElement>()) {
        let _ = body.append_child(&link);
        link.click();
        link.remove();
    }
}

/// A button that downloads what `make` gives when clicked (the page's own data).
#[component]
pub fn Download(
    label: Msg,
    testid: &'static str,
    make: impl Fn() -> Option<Export> + Send + Sync + 'static,
) -> impl IntoView {
    let ui = use_ui();
    let missing = RwSignal::new(false);
    let on_click = move |_| match make() {
        Some(export) => {
            missing.set(false);
            download(&export);
        }
        None => missing.set(true),
    };
    view! {
        <li>
            <button type="button" data-testid=testid class="button" on:click=on_click>{move || label.text(ui.lang())}</button>
            <span class="form-hint" hidden=move || !missing.get()>" "{t(Msg::ExportNothing)}</span>
        </li>
    }
}

/// A button that asks the engine for a file of the account and downloads it
/// when it arrives (or says there is nothing of that kind yet).
#[component]
fn EngineDownload(label: Msg, testid: &'static str, kind: ExportKind) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let asked = StoredValue::new(false);
    let missing = RwSignal::new(false);
    Effect::new(move |_| {
        let Some((of, file)) = sandbox.export.get() else {
            return;
        };
        if of != kind || !asked.get_value() {
            return;
        }
        asked.set_value(false);
        match file {
            Some(export) => {
                missing.set(false);
                download(&export);
            }
            None => missing.set(true),
        }
    });
    let on_click = move |_| {
        asked.set_value(true);
        sandbox.request_export(kind);
    };
    view! {
        <li>
            <button type="button" data-testid=testid class="button" on:click=on_click>{move || label.text(ui.lang())}</button>
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
        open_link_in(&hash, sandbox, ui.lang());
    });
    // A shared link opened (here or on arrival): the snapshot list has the account kept first.
    Effect::new(move |_| {
        if shared_link_notice(sandbox).is_some() {
            reload();
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
        name.set(String::new());
        sandbox.keep_snapshot(&chosen, move |kept| {
            message.set(Some(match kept {
                Ok(meta) => Msg::SnapshotSaved.fill(ui.lang(), &[("name", &meta.name)]),
                Err(err) => snapshot_error(err, ui.lang()),
            }));
            reload();
        });
    };
    let restore = move |id: u32, snapshot_name: String| {
        let Some(save) = persistence::load_snapshot(&mut LocalStorage::open(), id) else {
            message.set(Some(Msg::SnapshotUnreadable.text(ui.lang()).to_string()));
            return;
        };
        // What the learner has now is kept first: restoring never loses work.
        let backup = default_name();
        sandbox.keep_snapshot(&backup.clone(), move |kept| {
            if let Err(err) = kept {
                message.set(Some(snapshot_error(err, ui.lang())));
                reload();
                return;
            }
            sandbox.restore(save, move |ok| {
                message.set(Some(if ok {
                    Msg::SnapshotRestored
                        .fill(ui.lang(), &[("name", &snapshot_name), ("backup", &backup)])
                } else {
                    Msg::SnapshotUnreadable.text(ui.lang()).to_string()
                }));
                reload();
            });
        });
    };
    let delete = move |id: u32| {
        let _ = persistence::delete_snapshot(&mut LocalStorage::open(), id);
        reload();
    };
    // The engine's answer to "make a link" becomes the link (or why not).
    Effect::new(move |_| {
        let Some(answer) = sandbox.share_link.get() else {
            return;
        };
        let lang = untrack(|| ui.lang());
        link.set(Some(match answer {
            Ok(payload) => {
                let location = window().location();
                let base = format!(
                    "{}{}",
                    location.origin().unwrap_or_default(),
                    location.pathname().unwrap_or_default()
                );
                Ok(format!("{base}#/sandbox?{}={payload}", share::QUERY_KEY))
            }
            Err(ShareRefusal::TooLarge { chars, max }) => Err(Msg::ShareTooLarge.fill(
                lang,
                &[("chars", &chars.to_string()), ("max", &max.to_string())],
            )),
            Err(ShareRefusal::NoJournal) => Err(Msg::ShareNoJournal.text(lang).to_string()),
        }));
    });
    sandbox.share_link.set(None);
    let copied = RwSignal::new(false);
    let make_link = move |_| {
        copied.set(false);
        sandbox.request_share_link();
    };
    let copy = move |_| {
        if let Some(Ok(url)) = link.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&url);
            copied.set(true);
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
                                <button type="button" data-testid="share-copy" on:click=copy>{move || if copied.get() { t(Msg::CodeCopied)() } else { t(Msg::ShareCopy)() }}</button>
                            </div>
                        }.into_any(),
                        Err(reason) => view! { <p class="field-error" role="alert" data-testid="share-error">{reason}</p> }.into_any(),
                    })}
                </section>
                <section>
                    <h2>{t(Msg::ExportTitle)}</h2>
                    <ul class="exports">
                        <EngineDownload label=Msg::ExportTaskDefinitions testid="export-task-definitions" kind=ExportKind::TaskDefinitions/>
                        <EngineDownload label=Msg::ExportAppSpec testid="export-appspec" kind=ExportKind::AppSpec/>
                        <EngineDownload label=Msg::ExportCloudFormation testid="export-cloudformation" kind=ExportKind::CloudFormation/>
                        <EngineDownload label=Msg::ExportSession testid="export-session" kind=ExportKind::Session/>
                    </ul>
                </section>
            </div>
        </details>
    }
}
