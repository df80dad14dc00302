//! Lesson Markdown to views, safely: pulldown-cmark reads the text, and the
//! views are built element by element (never `inner_html`), so raw HTML in
//! a lesson file shows as text and cannot inject markup or script. Links go
//! only to the app's own routes (`#/…`) or to https pages.

use crate::app::t;
use crate::i18n::Msg;
use leptos::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A parsed block or inline element with its children.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Code(String),
    Break,
    Rule,
    Element(Kind, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Paragraph,
    Heading(u8),
    CodeBlock(String),
    Quote,
    List(Option<u64>),
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    /// A link the app allows, or `None` (shown as its text only).
    Link(Option<String>),
    Table,
    TableHead,
    TableRow,
    TableCell,
    /// Anything else pulldown-cmark knows: its children, unwrapped.
    Other,
}

/// Whether a link may be followed: the app's own routes or https pages.
fn allowed(destination: &str) -> bool {
    destination.starts_with("#/") || destination.starts_with("https://")
}

/// Reads Markdown into a tree (raw HTML becomes plain text).
pub fn parse(text: &str) -> Vec<Node> {
    let mut stack: Vec<(Kind, Vec<Node>)> = vec![(Kind::Other, Vec::new())];
    let push = |stack: &mut Vec<(Kind, Vec<Node>)>, node: Node| {
        if let Some((_, children)) = stack.last_mut() {
            children.push(node);
        }
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Kind::Paragraph,
                    Tag::Heading { level, .. } => Kind::Heading(match level {
                        HeadingLevel::H1 => 1,
                        HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        _ => 4,
                    }),
                    Tag::CodeBlock(CodeBlockKind::Fenced(lang)) => {
                        Kind::CodeBlock(lang.to_string())
                    }
                    Tag::CodeBlock(CodeBlockKind::Indented) => Kind::CodeBlock(String::new()),
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::List(start) => Kind::List(start),
                    Tag::Item => Kind::Item,
                    Tag::Emphasis => Kind::Emphasis,
                    Tag::Strong => Kind::Strong,
                    Tag::Strikethrough => Kind::Strikethrough,
                    Tag::Link { dest_url, .. } => {
                        Kind::Link(allowed(&dest_url).then(|| dest_url.to_string()))
                    }
                    Tag::Table(_) => Kind::Table,
                    Tag::TableHead => Kind::TableHead,
                    Tag::TableRow => Kind::TableRow,
                    Tag::TableCell => Kind::TableCell,
                    _ => Kind::Other,
                };
                stack.push((kind, Vec::new()));
            }
            Event::End(end) => {
                // Images and other unsupported containers end like any other.
                let _: TagEnd = end;
                if stack.len() > 1 {
                    if let Some((kind, children)) = stack.pop() {
                        push(&mut stack, Node::Element(kind, children));
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, Node::Text(t.to_string()))
            }
            Event::Code(t) => push(&mut stack, Node::Code(t.to_string())),
            Event::SoftBreak => push(&mut stack, Node::Text(" ".into())),
            Event::HardBreak => push(&mut stack, Node::Break),
            Event::Rule => push(&mut stack, Node::Rule),
            _ => {}
        }
    }
    // Unbalanced input cannot leave anything behind.
    while stack.len() > 1 {
        if let Some((kind, children)) = stack.pop() {
            push(&mut stack, Node::Element(kind, children));
        }
    }
    stack.pop().map(|(_, c)| c).unwrap_or_default()
}

fn render(nodes: Vec<Node>, in_head: bool) -> AnyView {
    nodes
        .into_iter()
        .map(|node| render_node(node, in_head))
        .collect_view()
        .into_any()
}

fn render_node(node: Node, in_head: bool) -> AnyView {
    match node {
        Node::Text(t) => t.into_any(),
        Node::Code(t) => view! { <code>{t}</code> }.into_any(),
        Node::Break => view! { <br/> }.into_any(),
        Node::Rule => view! { <hr/> }.into_any(),
        Node::Element(kind, children) => match kind {
            Kind::Paragraph => view! { <p>{render(children, false)}</p> }.into_any(),
            Kind::Heading(1 | 2) => view! { <h3>{render(children, false)}</h3> }.into_any(),
            Kind::Heading(_) => view! { <h4>{render(children, false)}</h4> }.into_any(),
            Kind::CodeBlock(_) => {
                let text: String = children
                    .into_iter()
                    .map(|n| match n {
                        Node::Text(t) => t,
                        _ => String::new(),
                    })
                    .collect();
                view! { <CodeBlock text=text.trim_end().to_string()/> }.into_any()
            }
            Kind::Quote => view! { <blockquote>{render(children, false)}</blockquote> }.into_any(),
            Kind::List(None) => view! { <ul>{render(children, false)}</ul> }.into_any(),
            Kind::List(Some(start)) => view! { <ol start=start>{render(children, false)}</ol> }.into_any(),
            Kind::Item => view! { <li>{render(children, false)}</li> }.into_any(),
            Kind::Emphasis => view! { <em>{render(children, in_head)}</em> }.into_any(),
            Kind::Strong => view! { <strong>{render(children, in_head)}</strong> }.into_any(),
            Kind::Strikethrough => view! { <s>{render(children, in_head)}</s> }.into_any(),
            Kind::Link(Some(href)) if href.starts_with("https://") => {
                view! { <a href=href rel="noopener noreferrer" target="_blank">{render(children, in_head)}</a> }.into_any()
            }
            Kind::Link(Some(href)) => view! { <a href=href>{render(children, in_head)}</a> }.into_any(),
            Kind::Table => view! { <table class="md-table">{render(children, false)}</table> }.into_any(),
            Kind::TableHead => view! { <thead><tr>{render(children, true)}</tr></thead> }.into_any(),
            Kind::TableRow => view! { <tr>{render(children, false)}</tr> }.into_any(),
            Kind::TableCell if in_head => view! { <th scope="col">{render(children, false)}</th> }.into_any(),
            Kind::TableCell => view! { <td>{render(children, false)}</td> }.into_any(),
            Kind::Link(None) | Kind::Other => render(children, in_head),
        },
    }
}

/// A lesson's code block with a copy button and, for commands, a button that
/// runs it in the console of the sandbox in context line by line, as a paste
/// would (JSON and other data blocks only copy).
#[component]
fn CodeBlock(text: String) -> AnyView {
    let runnable = !text.trim_start().starts_with(['{', '[']);
    let copied = RwSignal::new(false);
    let copy = {
        let text = text.clone();
        move |_| {
            let _ = window().navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    let run = {
        let text = text.clone();
        move |_| {
            if let Some(sandbox) = use_context::<crate::sandbox::Sandbox>() {
                sandbox.run_block(&text);
            }
        }
    };
    view! {
        <div class="code-block">
            <pre class="code"><code>{text}</code></pre>
            <div class="code-actions">
                <button type="button" class="code-copy" data-testid="code-copy" on:click=copy>
                    {move || if copied.get() { t(Msg::CodeCopied)() } else { t(Msg::CodeCopy)() }}
                </button>
                {runnable.then(|| view! {
                    <button type="button" class="code-run" data-testid="code-run" on:click=run>
                        {t(Msg::CodeRun)}
                    </button>
                })}
            </div>
        </div>
    }
    .into_any()
}

/// Renders lesson Markdown as views.
pub fn to_view(text: &str) -> AnyView {
    let nodes = parse(text);
    // A table body without an explicit <tbody> is still valid HTML.
    render(nodes, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(t) | Node::Code(t) => t.clone(),
                Node::Element(_, c) => texts(c),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn lesson_markdown_becomes_a_tree() {
        let nodes = parse("# Title\n\nUse `aws ecs` **now**.\n\n```\naws ec2 create-vpc\n```\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n");
        assert!(matches!(&nodes[0], Node::Element(Kind::Heading(1), _)));
        assert!(
            matches!(&nodes[1], Node::Element(Kind::Paragraph, c) if c.iter().any(|n| matches!(n, Node::Code(t) if t == "aws ecs")))
        );
        assert!(matches!(&nodes[2], Node::Element(Kind::CodeBlock(_), _)));
        assert!(matches!(&nodes[3], Node::Element(Kind::Table, _)));
    }

    #[test]
    fn raw_html_and_script_links_stay_text() {
        let nodes = parse(
            "<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](#/lessons) <b>x</b>",
        );
        let all = texts(&nodes);
        assert!(
            all.contains("<script>alert(1)</script>"),
            "shown as text: {all}"
        );
        let links: Vec<&Kind> = nodes
            .iter()
            .flat_map(|n| match n {
                Node::Element(_, c) => c.iter().collect::<Vec<_>>(),
                _ => vec![],
            })
            .filter_map(|n| match n {
                Node::Element(k @ Kind::Link(_), _) => Some(k),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [&Kind::Link(None), &Kind::Link(Some("#/lessons".into()))]
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,300}") {
            let _ = parse(&text);
        }
    }
}
