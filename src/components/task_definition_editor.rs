//! The task definition editor: a JSON editor checked as the learner types, a
//! form view for the essentials that writes that JSON, "start from a revision"
//! (the console's "create new revision"), registering through the console, and
//! the line diff between any two revisions of a family. The JSON text is the
//! page's own (`task_definition_text`); revisions, diffs and registering go
//! through the engine.

use crate::app::use_ui;
use crate::components::forms::OpenForm;
use crate::i18n::Label;
use crate::sandbox::use_sandbox;
use crate::task_definition_text::{self as text, Essentials};
use ecs_protocol::{DiffLine, ViewQuery};
use leptos::prelude::*;

/// The picker's id for this editor.
pub const ID: &str = "register-task-definition";

const fn l(ja: &'static str, en: &'static str) -> Label {
    Label::new(ja, en)
}

pub const TITLE: Label = l(
    "新しいタスク定義（リビジョン）の作成",
    "Create new task definition (revision)",
);
const JSON_MODE: Label = l("JSON で編集", "Edit JSON");
const FORM_MODE: Label = l("フォームで入力", "Use the form");
const START_FROM: Label = l(
    "既存のリビジョンから開始",
    "Start from an existing revision",
);
const LOAD: Label = l("読み込む", "Load");
const JSON_LABEL: Label = l("タスク定義 JSON", "Task definition JSON");
const JSON_OK: Label = l("JSON として正しい形です。", "Valid JSON.");
const CREATE: Label = l("作成", "Create");
const CLOSE: Label = l("閉じる", "Close");
const CLI: Label = l("同じことをする CLI コマンド", "The same in the AWS CLI");
const DONE: Label = l(
    "登録しました。同じコマンドがコンソールにも表示されています。",
    "Registered. The same commands are in the console too.",
);
const REFUSED: Label = l(
    "AWS がこのタスク定義を拒否しました。何も登録されていません。",
    "AWS refused this task definition; nothing was registered.",
);
const COMPARE: Label = l("リビジョンの比較", "Compare revisions");
const FAMILY: Label = l("タスク定義ファミリー", "Task definition family");
const FROM: Label = l("比較元", "From");
const TO: Label = l("比較先", "To");
const SAME: Label = l("違いはありません。", "No differences.");
const NOTHING_YET: Label = l(
    "まだ登録されたタスク定義はありません。",
    "No task definition registered yet.",
);

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Done(String),
    Refused(String),
    Busy,
}

#[component]
pub fn TaskDefinitionEditor(open: RwSignal<Option<OpenForm>>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let tr = move |label: Label| move || label.text(ui.lang());
    // The revisions compared below; the engine's view also carries the region and sizes.
    let family = RwSignal::new(String::new());
    let from = RwSignal::new(0u32);
    let to = RwSignal::new(0u32);
    let query = move || ViewQuery::TaskDefinitions {
        family: family.get(),
        from: from.get(),
        to: to.get(),
    };
    sandbox.watch_query(query);
    let view = sandbox.task_definitions;
    let essentials = RwSignal::new(Essentials::default());
    let json_of = move |e: &Essentials| {
        let region = view.with_untracked(|v| v.region.clone());
        text::pretty(&e.to_json(&region))
    };
    let source = RwSignal::new(essentials.with_untracked(json_of));
    // Until the learner edits it, the starting JSON follows the account's region.
    let edited = StoredValue::new(false);
    let region = Memo::new(move |_| view.with(|v| v.region.clone()));
    Effect::new(move |_| {
        region.track();
        if !edited.get_value() {
            source.set(essentials.with_untracked(json_of));
        }
    });
    let form_mode = RwSignal::new(false);
    let parsed = Memo::new(move |_| source.with(|s| text::parse(s).map(|_| ())));
    let start_from = RwSignal::new(String::new());
    let lines = move || source.with(|s| text::register_lines(s));
    let set_field = move |update: fn(&mut Essentials, String), value: String| {
        essentials.update(|e| update(e, value));
        source.set(essentials.with_untracked(json_of));
    };
    // The engine's answers: a registration's output, a revision's JSON.
    sandbox.lines_run.set(None);
    let outcome = Memo::new(move |_| {
        sandbox.lines_run.get().map(|output| match output {
            None => Outcome::Busy,
            Some(out) if out.status != 0 => Outcome::Refused(out.stderr.trim().to_string()),
            Some(out) => Outcome::Done(
                serde_json::from_str::<serde_json::Value>(&out.stdout)
                    .ok()
                    .and_then(|v| {
                        v["taskDefinition"]["taskDefinitionArn"]
                            .as_str()
                            .map(str::to_string)
                    })
                    .unwrap_or_default(),
            ),
        })
    });
    Effect::new(move |_| {
        if let Some((reference, Some(json))) = sandbox.revision_json.get() {
            if reference == start_from.get_untracked() {
                edited.set_value(true);
                source.set(json);
                form_mode.set(false);
            }
        }
    });
    let register = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if parsed.get_untracked().is_err() {
            return;
        }
        sandbox.run_lines(source.with_untracked(|s| text::register_lines(s)));
    };
    let references = move || view.with(|v| v.references.clone());
    view! {
        <form class="resource-form td-editor" data-testid="form-register-task-definition" on:submit=register novalidate>
            <div class="resource-form-head">
                <h2>{tr(TITLE)}</h2>
                <button type="button" class="link" data-testid="form-close" on:click=move |_| open.set(None)>{tr(CLOSE)}</button>
            </div>
            <div class="td-modes" role="group">
                <button type="button" data-testid="td-mode-json" aria-pressed=move || (!form_mode.get()).to_string() on:click=move |_| form_mode.set(false)>{tr(JSON_MODE)}</button>
                <button type="button" data-testid="td-mode-form" aria-pressed=move || form_mode.get().to_string() on:click=move |_| form_mode.set(true)>{tr(FORM_MODE)}</button>
            </div>
            <Show when=move || form_mode.get()>
                <EssentialsForm essentials=essentials set_field=set_field/>
            </Show>
            <div class="form-field td-start-from">
                <label for="td-start-from">{tr(START_FROM)}</label>
                <div class="td-row">
                    <select id="td-start-from" data-testid="td-start-from" on:change=move |ev| start_from.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || references().into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" data-testid="td-load" on:click=move |_| {
                        sandbox.load_revision(&start_from.get_untracked());
                    }>{tr(LOAD)}</button>
                </div>
            </div>
            <div class="form-field" class:invalid=move || parsed.get().is_err()>
                <label for="td-json">{tr(JSON_LABEL)}</label>
                <textarea
                    id="td-json"
                    data-testid="td-json"
                    class="td-json"
                    rows="16"
                    spellcheck="false"
                    aria-invalid=move || parsed.get().is_err().to_string()
                    aria-describedby="td-json-status"
                    prop:value=move || source.get()
                    on:input=move |ev| {
                        edited.set_value(true);
                        source.set(event_target_value(&ev));
                    }
                ></textarea>
                <p id="td-json-status" data-testid="td-json-status" class=move || if parsed.get().is_err() { "field-error" } else { "form-hint" }>
                    {move || match parsed.get() {
                        Ok(()) => JSON_OK.text(ui.lang()).to_string(),
                        Err(e) => e,
                    }}
                </p>
            </div>
            <p class="form-cli-label">{tr(CLI)}</p>
            <pre class="form-cli" data-testid="form-cli">{move || lines().join("\n")}</pre>
            <button type="submit" class="primary" data-testid="form-run" disabled=move || parsed.get().is_err()>{tr(CREATE)}</button>
            {move || outcome.get().map(|o| match o {
                Outcome::Done(arn) => view! {
                    <div class="form-done" role="status" data-testid="form-done"><p>{tr(DONE)}</p><pre>{arn}</pre></div>
                }.into_any(),
                Outcome::Refused(message) => view! {
                    <div class="form-error" role="alert" data-testid="form-error"><p>{tr(REFUSED)}</p><pre>{message}</pre></div>
                }.into_any(),
                Outcome::Busy => view! {
                    <div class="form-error" role="alert" data-testid="form-error"><p>{crate::app::t(crate::i18n::Msg::FormBusy)}</p></div>
                }.into_any(),
            })}
        </form>
        <RevisionDiff family=family from=from to=to/>
    }
}

#[component]
fn EssentialsForm(
    essentials: RwSignal<Essentials>,
    set_field: impl Fn(fn(&mut Essentials, String), String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ui = use_ui();
    let text_field = move |key: &'static str,
                           label: Label,
                           read: fn(&Essentials) -> String,
                           write: fn(&mut Essentials, String)| {
        let id = format!("td-{key}");
        view! {
            <div class="form-field">
                <label for=id.clone()>{move || label.text(ui.lang())}</label>
                <input
                    id=id.clone()
                    data-testid=id
                    type="text"
                    prop:value=move || essentials.with(read)
                    on:input=move |ev| set_field(write, event_target_value(&ev))
                />
            </div>
        }
    };
    let choice = move |key: &'static str,
                       label: Label,
                       options: Signal<Vec<String>>,
                       read: fn(&Essentials) -> String,
                       write: fn(&mut Essentials, String)| {
        let id = format!("td-{key}");
        view! {
            <div class="form-field">
                <label for=id.clone()>{move || label.text(ui.lang())}</label>
                <select id=id.clone() data-testid=id prop:value=move || essentials.with(read) on:change=move |ev| set_field(write, event_target_value(&ev))>
                    {move || options.get().into_iter().map(|o| {
                        let selected = essentials.with(read) == o;
                        view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let fixed = |options: &[&str]| {
        let options: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        Signal::derive(move || options.clone())
    };
    let sandbox = use_sandbox();
    let memories_for = move |cpu: String| -> Vec<String> {
        sandbox.task_definitions.with(|v| {
            memory_options(&v.fargate_sizes, &cpu)
                .into_iter()
                .map(|m| m.to_string())
                .collect()
        })
    };
    let cpus = Signal::derive(move || {
        sandbox
            .task_definitions
            .with(|v| v.fargate_sizes.iter().map(|(c, _)| c.to_string()).collect())
    });
    // Keep the memory a size Fargate allows with the CPU chosen.
    Effect::new(move |_| {
        let allowed: Vec<String> = memories_for(essentials.with(|e| e.cpu.clone()));
        let memory = essentials.with_untracked(|e| e.memory.clone());
        if !allowed.is_empty() && !allowed.contains(&memory) {
            set_field(|e, v| e.memory = v, allowed[0].clone());
        }
    });
    let memories = Signal::derive(move || memories_for(essentials.with(|e| e.cpu.clone())));
    view! {
        <fieldset class="td-essentials" data-testid="td-form">
            {text_field("family", FAMILY, |e| e.family.clone(), |e, v| e.family = v)}
            {choice("launch-type", l("起動タイプ", "Launch type"), fixed(&["FARGATE", "EC2"]), |e| e.launch_type.clone(), |e, v| e.launch_type = v)}
            {choice("network-mode", l("ネットワークモード", "Network mode"), fixed(&["awsvpc", "bridge", "host"]), |e| e.network_mode.clone(), |e, v| e.network_mode = v)}
            {choice("cpu", l("CPU（ユニット）", "CPU (units)"), cpus, |e| e.cpu.clone(), |e, v| e.cpu = v)}
            {choice("memory", l("メモリ（MiB）", "Memory (MiB)"), memories, |e| e.memory.clone(), |e, v| e.memory = v)}
            {text_field("container-name", l("コンテナ名", "Container name"), |e| e.container_name.clone(), |e, v| e.container_name = v)}
            {text_field("image", l("イメージ URI", "Image URI"), |e| e.image.clone(), |e, v| e.image = v)}
            {text_field("container-port", l("コンテナポート", "Container port"), |e| e.container_port.clone(), |e, v| e.container_port = v)}
            {text_field("execution-role", l("タスク実行ロール ARN（任意）", "Task execution role ARN (optional)"), |e| e.execution_role_arn.clone(), |e, v| e.execution_role_arn = v)}
            {text_field("log-group", l("awslogs のロググループ（任意）", "awslogs log group (optional)"), |e| e.log_group.clone(), |e, v| e.log_group = v)}
        </fieldset>
    }
}

/// Two revisions of a family side by side, as a line diff of their JSON.
#[component]
fn RevisionDiff(family: RwSignal<String>, from: RwSignal<u32>, to: RwSignal<u32>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let tr = move |label: Label| move || label.text(ui.lang());
    let view = sandbox.task_definitions;
    let families = Memo::new(move |_| view.with(|v| v.families.clone()));
    // The engine names the family it shows (the first when none is chosen).
    Effect::new(move |_| {
        let shown = view.with(|v| v.family.clone());
        if family.get_untracked() != shown {
            family.set(shown);
        }
    });
    let revisions = Memo::new(move |_| view.with(|v| v.revisions.clone()));
    // Whenever the family's revisions change (a new one registered), compare
    // the newest with the one before it.
    Effect::new(move |_| {
        let revs = revisions.get();
        to.set(revs.first().map_or(0, |(n, _)| *n));
        from.set(revs.get(1).or(revs.first()).map_or(0, |(n, _)| *n));
    });
    let lines = Memo::new(move |_| view.with(|v| v.diff.clone()));
    let revision_select = move |id: &'static str, label: Label, which: RwSignal<u32>| {
        view! {
            <label>
                {move || label.text(ui.lang())}" "
                <select data-testid=id prop:value=move || which.get().to_string() on:change=move |ev| which.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || revisions.get().into_iter().map(|(n, active)| {
                        let value = n.to_string();
                        let selected = which.get() == n;
                        let shown = if active { value.clone() } else { format!("{value} (INACTIVE)") };
                        view! { <option value=value selected=selected>{shown}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <section class="resource-form td-diff" data-testid="td-diff">
            <h2>{tr(COMPARE)}</h2>
            <Show when=move || !families.get().is_empty() fallback=move || view! { <p class="form-hint">{tr(NOTHING_YET)}</p> }>
                <div class="td-row">
                    <label>
                        {tr(FAMILY)}" "
                        <select data-testid="td-diff-family" prop:value=move || family.get() on:change=move |ev| family.set(event_target_value(&ev))>
                            {move || families.get().into_iter().map(|f| {
                                let selected = family.get() == f;
                                view! { <option value=f.clone() selected=selected>{f.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    {revision_select("td-diff-from", FROM, from)}
                    {revision_select("td-diff-to", TO, to)}
                </div>
                {move || {
                    let lines = lines.get();
                    if lines.iter().all(|l| matches!(l, DiffLine::Same(_))) {
                        return view! { <p class="form-hint" data-testid="td-diff-same">{tr(SAME)}</p> }.into_any();
                    }
                    view! {
                        <pre class="diff" data-testid="td-diff-lines">
                            {lines.into_iter().map(|line| match line {
                                DiffLine::Same(t) => view! { <span class="diff-same">{format!("  {t}\n")}</span> }.into_any(),
                                DiffLine::Removed(t) => view! { <del class="diff-removed">{format!("- {t}\n")}</del> }.into_any(),
                                DiffLine::Added(t) => view! { <ins class="diff-added">{format!("+ {t}\n")}</ins> }.into_any(),
                            }).collect_view()}
                        </pre>
                    }.into_any()
                }}
            </Show>
        </section>
    }
}

/// The memory sizes Fargate allows with `cpu` (MiB), from the engine's table.
fn memory_options(sizes: &[(u32, Vec<u32>)], cpu: &str) -> Vec<u32> {
    let cpu: Option<u32> = cpu.trim().parse().ok();
    sizes
        .iter()
        .find(|(c, _)| Some(*c) == cpu)
        .map(|(_, memory)| memory.clone())
        .unwrap_or_default()
}
