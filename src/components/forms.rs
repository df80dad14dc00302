//! The form picker and the open form: fields with the choices the world
//! offers, the `aws` command the form will run (updated as the learner
//! types), and after running it, the model's error beside its field or a
//! confirmation. Forms are data in the engine; this draws the engine's
//! `FormView` and sends `RunForm` with the values typed.

use crate::app::{t, use_ui};
use crate::components::task_definition_editor::{self, TaskDefinitionEditor};
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::{FieldKind, FormOutcome, FormValues, ViewQuery};
use leptos::prelude::*;

/// A form to open, with values that replace its initial ones (the resource
/// panel opens a delete form for the selected resource this way).
#[derive(Clone, Debug, PartialEq)]
pub struct OpenForm {
    pub id: String,
    pub values: FormValues,
}

impl OpenForm {
    pub fn new(id: &str) -> OpenForm {
        OpenForm {
            id: id.to_string(),
            values: FormValues::new(),
        }
    }

    pub fn with(mut self, key: &str, value: &str) -> OpenForm {
        self.values.insert(key.to_string(), value.to_string());
        self
    }
}

/// A select of every form, grouped by service, and the chosen form below it.
#[component]
pub fn FormPicker(open: RwSignal<Option<OpenForm>>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    sandbox.watch(ViewQuery::FormIndex);
    view! {
        <section class="form-picker">
            <label>
                <span class="form-picker-label">{t(Msg::FormPicker)}</span>
                <select
                    data-testid="form-picker"
                    prop:value=move || open.with(|o| o.as_ref().map_or(String::new(), |o| o.id.clone()))
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        open.set((!id.is_empty()).then(|| OpenForm::new(&id)));
                    }
                >
                    <option value="">{t(Msg::FormPickerNone)}</option>
                    {move || sandbox.form_index.get().groups
                        .into_iter()
                        .enumerate()
                        .map(|(i, group)| {
                            let label = group.label.clone();
                            view! {
                                <optgroup label=move || label.get(ui.lang()).to_string()>
                                    // The task definition editor sits with ECS's forms.
                                    {(i == 2).then(|| view! {
                                        <option value=task_definition_editor::ID>{move || task_definition_editor::TITLE.text(ui.lang())}</option>
                                    })}
                                    {group.forms
                                        .into_iter()
                                        .map(|(id, title)| view! {
                                            <option value=id>{move || title.get(ui.lang()).to_string()}</option>
                                        })
                                        .collect_view()}
                                </optgroup>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </section>
        {move || {
            let chosen = open.get()?;
            if chosen.id == task_definition_editor::ID {
                return Some(view! { <TaskDefinitionEditor open=open/> }.into_any());
            }
            Some(view! { <FormView id=chosen.id preset=chosen.values open=open/> }.into_any())
        }}
    }
}

#[component]
fn FormView(id: String, preset: FormValues, open: RwSignal<Option<OpenForm>>) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let values = RwSignal::new(preset);
    let query = {
        let id = id.clone();
        move || ViewQuery::Form {
            id: id.clone(),
            values: values.get(),
            lang: ui.lang(),
        }
    };
    // The engine recomputes the choices and the command as values change.
    sandbox.watch_query(query);
    // This form's view only: until the engine answers, the last form's is still there.
    let form = Memo::new({
        let id = id.clone();
        move |_| {
            sandbox
                .form
                .with(|f| (f.id == id).then(|| f.clone()))
                .unwrap_or_default()
        }
    });
    // Fields the preset leaves empty start at their defaults, once the form's fields are known.
    Effect::new(move |filled: Option<bool>| {
        if filled == Some(true) {
            return true;
        }
        form.with(|f| {
            if f.fields.is_empty() {
                return false;
            }
            values.update(|v| {
                for field in &f.fields {
                    v.entry(field.key.clone())
                        .or_insert_with(|| field.default.clone());
                }
            });
            true
        })
    });
    // A run's outcome is for this form only while it is open.
    sandbox.form_run.set(None);
    let outcome = Memo::new({
        let id = id.clone();
        move |_| {
            sandbox
                .form_run
                .get()
                .filter(|(of, _)| *of == id)
                .map(|(_, o)| o)
        }
    });
    let run = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            sandbox.run_form(&id, values.get_untracked());
        }
    };
    let title = move || form.with(|f| f.title.get(ui.lang()).to_string());
    let preview = move || form.with(|f| f.preview.join("\n"));
    let testid = format!("form-{id}");
    view! {
        <form class="resource-form" data-testid=testid on:submit=run novalidate>
            <div class="resource-form-head">
                <h2>{title}</h2>
                <button type="button" class="link" data-testid="form-close" on:click=move |_| open.set(None)>
                    {t(Msg::FormClose)}
                </button>
            </div>
            <For
                each=move || form.with(|f| f.fields.iter().map(|field| (field.key.clone(), field.kind)).collect::<Vec<_>>())
                key=|k| k.clone()
                let:field
            >
                <FieldView form_id=id.clone() key=field.0 kind=field.1 values=values outcome=outcome/>
            </For>
            <p class="form-cli-label">{t(Msg::FormCli)}" "<small>{t(Msg::FormCliHelp)}</small></p>
            <pre class="form-cli" data-testid="form-cli">{preview}</pre>
            <button type="submit" class="primary" data-testid="form-run">{t(Msg::FormRun)}</button>
            {move || outcome.get().and_then(|o| match o {
                FormOutcome::Done { stdout } => Some(view! {
                    <div class="form-done" role="status" data-testid="form-done">
                        <p>{t(Msg::FormDone)}</p>
                        <pre>{stdout}</pre>
                    </div>
                }.into_any()),
                FormOutcome::Refused { message, field } => Some(view! {
                    <div class="form-error" role="alert" data-testid="form-error">
                        {field.is_none().then(|| view! { <p>{t(Msg::FormFailed)}</p> })}
                        {field.is_none().then(|| view! { <pre>{message.clone()}</pre> })}
                    </div>
                }.into_any()),
                FormOutcome::Busy => Some(view! {
                    <div class="form-error" role="alert" data-testid="form-error"><p>{t(Msg::FormBusy)}</p></div>
                }.into_any()),
                FormOutcome::Problems(_) => None,
            })}
        </form>
    }
}

#[component]
fn FieldView(
    form_id: String,
    key: String,
    kind: FieldKind,
    values: RwSignal<FormValues>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let id = format!("field-{form_id}-{key}");
    let error_id = format!("{id}-error");
    // This field as the engine describes it now (its choices follow the world).
    let field = Memo::new({
        let (key, form_id) = (key.clone(), form_id.clone());
        move |_| {
            sandbox.form.with(|f| {
                (f.id == form_id)
                    .then(|| f.fields.iter().find(|f| f.key == key).cloned())
                    .flatten()
            })
        }
    });
    let required = move || field.with(|f| f.as_ref().is_some_and(|f| f.required));
    // The form's own check, else the model's error when it is about this field.
    let error = {
        let key = key.clone();
        move || {
            outcome.with(|o| match o {
                Some(FormOutcome::Problems(found)) => found
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, problem)| problem.get(ui.lang()).to_string()),
                Some(FormOutcome::Refused {
                    message,
                    field: Some(k),
                }) if *k == key => Some(message.clone()),
                _ => None,
            })
        }
    };
    let value = {
        let key = key.clone();
        move || values.with(|v| v.get(&key).cloned().unwrap_or_default())
    };
    let set = {
        let key = key.clone();
        move |new: String| {
            values.update(|v| {
                v.insert(key.clone(), new);
            });
        }
    };
    let label = move || {
        field.with(|f| {
            f.as_ref()
                .map(|f| f.label.get(ui.lang()).to_string())
                .unwrap_or_default()
        })
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().to_string()
    };
    let options = move || field.with(|f| f.as_ref().map(|f| f.choices.clone()).unwrap_or_default());
    let control = match kind {
        FieldKind::Text | FieldKind::Number => view! {
            <input
                id=id.clone()
                data-testid=format!("field-{key}")
                type="text"
                inputmode=if kind == FieldKind::Number { "numeric" } else { "text" }
                placeholder=move || field.with(|f| f.as_ref().map(|f| f.placeholder.clone()).unwrap_or_default())
                aria-invalid=invalid.clone()
                aria-describedby=error_id.clone()
                prop:value=value.clone()
                on:input={
                    let set = set.clone();
                    move |ev| set(event_target_value(&ev))
                }
            />
        }
        .into_any(),
        FieldKind::Choice => {
            // A required choice always holds one of the options the world offers
            // now (the list grows and shrinks as the learner works).
            Effect::new({
                let (value, set) = (value.clone(), set.clone());
                move |_| {
                    let options = options();
                    if !required() {
                        return;
                    }
                    let current = untrack(&value);
                    if !options.iter().any(|(v, _)| *v == current) {
                        if let Some((first, _)) = options.first() {
                            set(first.clone());
                        }
                    }
                }
            });
            view! {
                <select
                    id=id.clone()
                    data-testid=format!("field-{key}")
                    aria-invalid=invalid.clone()
                    aria-describedby=error_id.clone()
                    prop:value=value.clone()
                    on:change={
                        let set = set.clone();
                        move |ev| set(event_target_value(&ev))
                    }
                >
                    {move || (!required()).then(|| view! { <option value="">"—"</option> })}
                    {
                        let value = value.clone();
                        move || options()
                            .into_iter()
                            .map(|(v, shown)| {
                                let selected = value() == v;
                                view! { <option value=v selected=selected>{shown}</option> }
                            })
                            .collect_view()
                    }
                </select>
            }
            .into_any()
        }
        FieldKind::Multi => {
            let (value, set) = (value.clone(), set.clone());
            view! {
                <div id=id.clone() class="form-multi" role="group" data-testid=format!("field-{key}") aria-describedby=error_id.clone()>
                    {move || {
                        let options = options();
                        if options.is_empty() {
                            return view! { <p class="form-hint">{t(Msg::FormNoChoices)}</p> }.into_any();
                        }
                        options
                            .into_iter()
                            .map(|(v, shown)| {
                                let checked = value().split_whitespace().any(|x| x == v);
                                let toggle_value = v.clone();
                                let (value, set) = (value.clone(), set.clone());
                                view! {
                                    <label class="form-check">
                                        <input
                                            type="checkbox"
                                            value=v
                                            prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let mut chosen: Vec<String> = value()
                                                    .split_whitespace()
                                                    .filter(|x| *x != toggle_value)
                                                    .map(str::to_string)
                                                    .collect();
                                                if on {
                                                    chosen.push(toggle_value.clone());
                                                }
                                                set(chosen.join(" "));
                                            }
                                        />
                                        {shown}
                                    </label>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </div>
            }
            .into_any()
        }
    };
    let for_id = id.clone();
    let (error2, error3) = (error.clone(), error.clone());
    view! {
        <div class="form-field" class:invalid=move || error().is_some()>
            <label for=for_id>{label}{move || (!required()).then(|| view! { <small class="optional">{t(Msg::FormOptional)}</small> })}</label>
            {control}
            <p class="field-error" id=error_id.clone() data-testid=format!("error-{key}") hidden=move || error2().is_none()>
                {move || error3().unwrap_or_default()}
            </p>
        </div>
    }
}
