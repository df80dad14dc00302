//! The form picker and the open form: fields with the choices the world
//! offers, the `aws` command the form will run (updated as the learner
//! types), and after running it, the model's error beside its field or a
//! confirmation. Forms are data in [`ecs_engine::forms`]; this only draws them.

use crate::app::{t, use_ui};
use crate::components::task_definition_editor::{self, TaskDefinitionEditor};
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_engine::forms::{self, Field, Form, Group, Kind, Problem, Values};
use leptos::prelude::*;

/// A form to open, with values that replace its initial ones (the resource
/// panel opens a delete form for the selected resource this way).
#[derive(Clone, Debug, PartialEq)]
pub struct OpenForm {
    pub id: &'static str,
    pub values: Values,
}

impl OpenForm {
    pub fn new(id: &'static str) -> OpenForm {
        OpenForm {
            id,
            values: Values::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: &str) -> OpenForm {
        self.values.insert(key, value.to_string());
        self
    }
}

/// A select of every form, grouped by service, and the chosen form below it.
#[component]
pub fn FormPicker(open: RwSignal<Option<OpenForm>>) -> impl IntoView {
    let ui = use_ui();
    view! {
        <section class="form-picker">
            <label>
                <span class="form-picker-label">{t(Msg::FormPicker)}</span>
                <select
                    data-testid="form-picker"
                    prop:value=move || open.with(|o| o.as_ref().map_or("", |o| o.id))
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        open.set(if id == task_definition_editor::ID {
                            Some(OpenForm::new(task_definition_editor::ID))
                        } else {
                            forms::form(&id).map(|f| OpenForm::new(f.id))
                        });
                    }
                >
                    <option value="">{t(Msg::FormPickerNone)}</option>
                    {Group::ALL
                        .into_iter()
                        .map(|group| view! {
                            <optgroup label=move || group.label().text(ui.lang())>
                                {(group == Group::Ecs).then(|| view! {
                                    <option value=task_definition_editor::ID>{move || task_definition_editor::TITLE.text(ui.lang())}</option>
                                })}
                                {forms::FORMS
                                    .iter()
                                    .filter(|f| f.group == group)
                                    .map(|f| view! {
                                        <option value=f.id>{move || f.title.text(ui.lang())}</option>
                                    })
                                    .collect_view()}
                            </optgroup>
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
            let form = forms::form(chosen.id)?;
            Some(view! { <FormView form=form preset=chosen.values open=open/> }.into_any())
        }}
    }
}

/// What the last run of the form said.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Done(String),
    /// The model's error, and the field it is about (if any).
    Refused(String, Option<&'static str>),
    Busy,
}

#[component]
fn FormView(
    form: &'static Form,
    preset: Values,
    open: RwSignal<Option<OpenForm>>,
) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let mut initial = sandbox.console_untracked(|c| form.initial_values(&c.world));
    initial.extend(preset);
    let values = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::<(&'static str, Problem)>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let preview = Memo::new(move |_| {
        values
            .with(|v| sandbox.with_world(|w| (form.build)(v, w)))
            .join("\n")
    });
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines = match values
            .with_untracked(|v| sandbox.console_untracked(|c| forms::commands(form, v, &c.world)))
        {
            Ok(lines) => lines,
            Err(found) => {
                problems.set(found);
                outcome.set(None);
                return;
            }
        };
        problems.set(Vec::new());
        outcome.set(Some(match sandbox.run_lines(&lines) {
            None => Outcome::Busy,
            Some(out) if out.status != 0 => {
                let message = out.stderr.trim().to_string();
                let field = forms::field_for_error(form, &message);
                Outcome::Refused(message, field)
            }
            Some(out) => Outcome::Done(out.stdout.chars().take(800).collect()),
        }));
    };
    let title = move || form.title.text(ui.lang());
    view! {
        <form class="resource-form" data-testid=format!("form-{}", form.id) on:submit=run novalidate>
            <div class="resource-form-head">
                <h2>{title}</h2>
                <button type="button" class="link" data-testid="form-close" on:click=move |_| open.set(None)>
                    {t(Msg::FormClose)}
                </button>
            </div>
            {form
                .fields
                .iter()
                .map(|f| view! { <FieldView form=form field=f values=values problems=problems outcome=outcome/> })
                .collect_view()}
            <p class="form-cli-label">{t(Msg::FormCli)}" "<small>{t(Msg::FormCliHelp)}</small></p>
            <pre class="form-cli" data-testid="form-cli">{preview}</pre>
            <button type="submit" class="primary" data-testid="form-run">{t(Msg::FormRun)}</button>
            {move || outcome.get().map(|o| match o {
                Outcome::Done(stdout) => view! {
                    <div class="form-done" role="status" data-testid="form-done">
                        <p>{t(Msg::FormDone)}</p>
                        <pre>{stdout}</pre>
                    </div>
                }.into_any(),
                Outcome::Refused(message, field) => view! {
                    <div class="form-error" role="alert" data-testid="form-error">
                        {field.is_none().then(|| view! { <p>{t(Msg::FormFailed)}</p> })}
                        {field.is_none().then(|| view! { <pre>{message.clone()}</pre> })}
                    </div>
                }.into_any(),
                Outcome::Busy => view! {
                    <div class="form-error" role="alert" data-testid="form-error"><p>{t(Msg::FormBusy)}</p></div>
                }.into_any(),
            })}
        </form>
    }
}

#[component]
fn FieldView(
    form: &'static Form,
    field: &'static Field,
    values: RwSignal<Values>,
    problems: RwSignal<Vec<(&'static str, Problem)>>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let key = field.key;
    let id = format!("field-{}-{}", form.id, key);
    let error_id = format!("{id}-error");
    // The form's own check, else the model's error when it is about this field.
    let error = move || {
        let own = problems.with(|p| {
            p.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, problem)| problem.label().text(ui.lang()).to_string())
        });
        own.or_else(|| {
            outcome.with(|o| match o {
                Some(Outcome::Refused(message, Some(k))) if *k == key => Some(message.clone()),
                _ => None,
            })
        })
    };
    let value = move || values.with(|v| v.get(key).cloned().unwrap_or_default());
    let set = move |new: String| {
        values.update(|v| {
            v.insert(key, new);
        });
    };
    let label = move || field.label.text(ui.lang());
    let invalid = move || error().is_some().to_string();
    let control = match field.kind {
        Kind::Text | Kind::Number => view! {
            <input
                id=id.clone()
                data-testid=format!("field-{key}")
                type="text"
                inputmode=if field.kind == Kind::Number { "numeric" } else { "text" }
                placeholder=field.placeholder
                aria-invalid=invalid
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
            />
        }
        .into_any(),
        Kind::Choice(source) => {
            // A memo: the options are redrawn when the world's choices change,
            // not on every step of the clock.
            let options = Memo::new(move |_| sandbox.with_world(|w| forms::choices(w, source)));
            let options = move || options.get();
            if field.required {
                // A required choice always holds one of the options the world offers
                // now (the list grows and shrinks as the learner works).
                Effect::new(move |_| {
                    let options = options();
                    let current =
                        values.with_untracked(|v| v.get(key).cloned().unwrap_or_default());
                    if !options.iter().any(|(v, _)| *v == current) {
                        if let Some((first, _)) = options.first() {
                            set(first.clone());
                        }
                    }
                });
            }
            view! {
                <select
                    id=id.clone()
                    data-testid=format!("field-{key}")
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                    prop:value=value
                    on:change=move |ev| set(event_target_value(&ev))
                >
                    {(!field.required).then(|| view! { <option value="">"—"</option> })}
                    {move || options()
                        .into_iter()
                        .map(|(v, shown)| {
                            let selected = value() == v;
                            view! { <option value=v selected=selected>{shown}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        Kind::Multi(source) => {
            // A memo: the options are redrawn when the world's choices change,
            // not on every step of the clock.
            let options = Memo::new(move |_| sandbox.with_world(|w| forms::choices(w, source)));
            let options = move || options.get();
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
    view! {
        <div class="form-field" class:invalid=move || error().is_some()>
            <label for=for_id>{label}{(!field.required).then(|| view! { <small class="optional">{t(Msg::FormOptional)}</small> })}</label>
            {control}
            <p class="field-error" id=error_id.clone() data-testid=format!("error-{key}") hidden=move || error().is_none()>
                {move || error().unwrap_or_default()}
            </p>
        </div>
    }
}
