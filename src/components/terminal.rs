//! The console pane: the model's AWS CLI console as a terminal, with history
//! (↑/↓), Tab completion of commands and options, multi-line input (here-documents show a `>` prompt), colour for
//! errors, and the same output as `ecs-sim script`.

use crate::app::t;
use crate::i18n::Msg;
use crate::sandbox::{use_sandbox, LineKind};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Terminal() -> impl IntoView {
    let sandbox = use_sandbox();
    let input = RwSignal::new(String::new());
    // Position in the history while browsing with ↑/↓ (None = editing a new line).
    let browsing = RwSignal::new(None::<usize>);
    let input_ref = NodeRef::<html::Input>::new();
    let log_ref = NodeRef::<html::Div>::new();

    // Keep the newest line in view.
    Effect::new(move |_| {
        sandbox.lines.track();
        if let Some(log) = log_ref.get() {
            log.set_scroll_top(log.scroll_height());
        }
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            let text = input.get_untracked();
            input.set(String::new());
            browsing.set(None);
            sandbox.submit(&text);
        }
        "ArrowUp" => {
            ev.prevent_default();
            let history = sandbox.history.get_untracked();
            if history.is_empty() {
                return;
            }
            let index = browsing
                .get_untracked()
                .map_or(history.len() - 1, |i| i.saturating_sub(1));
            browsing.set(Some(index));
            input.set(history.get(index).cloned().unwrap_or_default());
        }
        "ArrowDown" => {
            ev.prevent_default();
            let history = sandbox.history.get_untracked();
            match browsing.get_untracked() {
                Some(i) if i + 1 < history.len() => {
                    browsing.set(Some(i + 1));
                    input.set(history.get(i + 1).cloned().unwrap_or_default());
                }
                _ => {
                    browsing.set(None);
                    input.set(String::new());
                }
            }
        }
        "Tab" => {
            // Complete the command, its options or a sim subcommand; list the choices when several fit.
            let text = input.get_untracked();
            let candidates = ecs_sim::console::complete::complete(&text);
            if candidates.is_empty() {
                return;
            }
            ev.prevent_default();
            let completed = ecs_sim::console::complete::apply(&text, &candidates);
            if completed == text && candidates.len() > 1 {
                sandbox.say(&candidates.join("  "));
            }
            input.set(completed);
        }
        _ => {}
    };

    let focus_input = move |_| {
        if let Some(el) = input_ref.get() {
            let _ = el.focus();
        }
    };

    let copied = RwSignal::new(false);
    // Copies the whole session as text, prompts included (for notes and questions).
    let copy = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        let text = sandbox.lines.with_untracked(|lines| {
            lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set(true);
    };

    view! {
        <section class="terminal" aria-label=t(Msg::ConsoleLabel) on:click=focus_input>
            <button type="button" class="terminal-copy" data-testid="console-copy" on:click=copy>
                {move || if copied.get() { t(Msg::ConsoleCopied)() } else { t(Msg::ConsoleCopy)() }}
            </button>
            <div class="terminal-log" node_ref=log_ref role="log" aria-live="polite" tabindex="0" data-testid="terminal-log">
                <pre class="line welcome">{t(Msg::ConsoleWelcome)}</pre>
                <For each=move || sandbox.lines.get() key=|line| line.id let:line>
                    <pre class=match line.kind {
                        LineKind::Input => "line input",
                        LineKind::Output => "line output",
                        LineKind::Error => "line error",
                    }>{line.text}</pre>
                </For>
            </div>
            <div class="terminal-input">
                <label for="console-input" class="prompt">{move || sandbox.prompt()}</label>
                <input
                    id="console-input"
                    data-testid="console-input"
                    node_ref=input_ref
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-label=t(Msg::ConsoleInputLabel)
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=on_keydown
                />
            </div>
        </section>
    }
}
