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

    // Tab's answer: the completed line, and the choices listed when several fit.
    Effect::new(move |_| {
        let Some((completed, candidates)) = sandbox.completion.get() else {
            return;
        };
        if completed == input.get_untracked() && candidates.len() > 1 {
            sandbox.say(&candidates.join("  "));
        }
        input.set(completed);
    });

    // Keep the newest line in view.
    Effect::new(move |_| {
        sandbox.lines.track();
        if let Some(log) = log_ref.get() {
            log.set_scroll_top(log.scroll_height());
        }
    });

    // Ctrl+C cancels the line and any unfinished command, as in a shell —
    // unless text in the input is selected, where it copies as usual.
    let interrupt = move || {
        let typed = input.get_untracked();
        input.set(String::new());
        browsing.set(None);
        sandbox.interrupt(&typed);
    };
    let has_selection = move || {
        input_ref.get_untracked().is_some_and(|el| {
            matches!(
                (el.selection_start(), el.selection_end()),
                (Ok(Some(a)), Ok(Some(b))) if a != b
            )
        })
    };

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "c" | "C" if ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() && !has_selection() => {
            ev.prevent_default();
            interrupt();
        }
        "Escape" => {
            ev.prevent_default();
            input.set(String::new());
            browsing.set(None);
        }
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
            // Complete the command, its options or a sim subcommand (the
            // engine answers in `sandbox.completion`, handled above). On an
            // empty line Tab moves the focus on, as everywhere else.
            let text = input.get_untracked();
            if text.trim().is_empty() {
                return;
            }
            ev.prevent_default();
            sandbox.complete(&text);
        }
        _ => {}
    };

    // A pasted block runs line by line, as in a terminal; the text after the
    // last line break stays in the input (a one-line <input> would otherwise
    // flatten the block into one broken command).
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(pasted) = ev
            .clipboard_data()
            .and_then(|data| data.get_data("text").ok())
        else {
            return;
        };
        if !pasted.contains(['\n', '\r']) {
            return;
        }
        ev.prevent_default();
        let current = input.get_untracked();
        let (start, end) = input_ref
            .get_untracked()
            .and_then(|el| Some((el.selection_start().ok()??, el.selection_end().ok()??)))
            .unwrap_or((u32::MAX, u32::MAX));
        let text = splice_utf16(&current, start, end, &pasted);
        browsing.set(None);
        input.set(sandbox.paste(&text));
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
            <Show when=move || sandbox.prompt() == "> ">
                <p class="terminal-waiting" data-testid="console-waiting">
                    <span>{t(Msg::ConsoleWaitingHint)}</span>
                    <button type="button" data-testid="console-cancel" on:click=move |ev| {
                        ev.stop_propagation();
                        interrupt();
                        if let Some(el) = input_ref.get_untracked() {
                            let _ = el.focus();
                        }
                    }>{t(Msg::ConsoleCancel)}</button>
                </p>
            </Show>
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
                    on:paste=on_paste
                />
            </div>
        </section>
    }
}

/// `current` with the UTF-16 range `start..end` (an input's selection; past the
/// end means "at the end") replaced by `pasted`.
fn splice_utf16(current: &str, start: u32, end: u32, pasted: &str) -> String {
    let units: Vec<u16> = current.encode_utf16().collect();
    let end = (end as usize).min(units.len());
    let start = (start as usize).min(end);
    let mut text = String::from_utf16_lossy(&units[..start]);
    text.push_str(pasted);
    text.push_str(&String::from_utf16_lossy(&units[end..]));
    text
}

#[cfg(test)]
mod tests {
    use super::splice_utf16;

    #[test]
    fn a_paste_replaces_the_selection_counted_in_utf16() {
        assert_eq!(splice_utf16("aws ", 4, 4, "ecs\nx"), "aws ecs\nx");
        assert_eq!(splice_utf16("echo 日本 end", 5, 7, "語"), "echo 語 end");
        assert_eq!(splice_utf16("abc", u32::MAX, u32::MAX, "d"), "abcd");
        assert_eq!(
            splice_utf16("abc", 2, 1, "X"),
            "aXbc",
            "a backwards range is empty"
        );
    }
}
