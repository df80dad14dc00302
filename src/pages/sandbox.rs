//! `#/sandbox` — the free-play account: the time controls, reset and "save,
//! share, export" in the toolbar, then the workspace (diagram, forms and
//! panel, Console · Events · Logs · Charts). A shared link opens here.

use crate::app::{t, use_ui};
use crate::components::engine_gate::EngineGate;
use crate::components::save_share::{open_link_in, shared_link_notice, snapshot_error, SaveShare};
use crate::components::time_controls::TimeControls;
use crate::components::workspace::Workspace;
use crate::i18n::Msg;
use crate::persistence::SnapshotMeta;
use crate::sandbox::{use_sandbox, Sandbox};
use leptos::prelude::*;

/// The free sandbox's account, open while this page is (saved when it is left).
#[component]
pub fn SandboxPage() -> impl IntoView {
    let ui = use_ui();
    provide_context(Sandbox::load(ui.notice));
    view! {
        <section class="page sandbox">
            <EngineGate heading=Msg::SandboxTitle>
                <SandboxWork/>
            </EngineGate>
        </section>
    }
}

#[component]
fn SandboxWork() -> impl IntoView {
    let sandbox = use_sandbox();
    let ui = use_ui();
    // Arriving through a shared link: replay it (the sandbox is kept as a snapshot first).
    let hash = window().location().hash().unwrap_or_default();
    open_link_in(&hash, sandbox, ui.lang());
    Effect::new(move |_| {
        if let Some(notice) = shared_link_notice(sandbox) {
            ui.notice.set(Some(notice));
        }
    });
    // Reset is undoable: the account is kept as a snapshot first (if it cannot
    // be kept, nothing is reset), and Undo brings it back.
    let kept = RwSignal::new(None::<Result<SnapshotMeta, String>>);
    let reset = move |_| {
        let lang = ui.lang();
        let name = Msg::ResetBackupName.fill(
            lang,
            &[("time", &sandbox.status.with_untracked(|s| s.clock.clone()))],
        );
        sandbox.keep_snapshot(&name, move |result| match result {
            Ok(meta) => {
                sandbox.reset();
                kept.set(Some(Ok(meta)));
            }
            Err(err) => kept.set(Some(Err(snapshot_error(err, lang)))),
        });
    };
    let undo = move |_| {
        let Some(Ok(meta)) = kept.get_untracked() else {
            return;
        };
        sandbox.undo_to_snapshot(meta.id, move |ok| {
            if ok {
                kept.set(None);
            }
        });
    };
    view! {
        <>
            <div class="sandbox-head">
                <h1>{t(Msg::SandboxTitle)}</h1>
                <TimeControls/>
                <button class="reset" data-testid="sandbox-reset" on:click=reset>
                    {t(Msg::SandboxReset)}
                </button>
                <SaveShare/>
            </div>
            {move || kept.get().map(|result| match result {
                Ok(meta) => view! {
                    <p class="notice reset-kept" role="status" data-testid="reset-kept">
                        {Msg::ResetKept.fill(ui.lang(), &[("name", &meta.name)])}" "
                        <button type="button" data-testid="reset-undo" on:click=undo>{t(Msg::ResetUndo)}</button>
                    </p>
                }.into_any(),
                Err(reason) => view! {
                    <p class="notice" role="alert" data-testid="reset-refused">{Msg::ResetNotKept.fill(ui.lang(), &[("reason", &reason)])}</p>
                }.into_any(),
            })}
            <Workspace/>
        </>
    }
}
