//! The app shell mounted in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh element to mount into, so tests don't see each other's DOM.
fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn click(host: &HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

fn text(host: &HtmlElement) -> String {
    host.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn shell_switches_language_and_remembers_it() {
    storage().clear().unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/lessons")
        .unwrap();
    let host = host();
    let _app = leptos::mount::mount_to(host.clone(), ecs_playground::App);
    tick().await;

    click(&host, "[data-testid=lang-ja]");
    tick().await;
    assert!(text(&host).contains("レッスン一覧"), "{}", text(&host));
    assert_eq!(
        host.query_selector("[data-testid=lang-ja]")
            .unwrap()
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    click(&host, "[data-testid=lang-en]");
    tick().await;
    assert!(text(&host).contains("Lessons"), "{}", text(&host));
    assert!(text(&host).contains("VPC and CIDR"));

    let saved = storage()
        .get_item("ecs-playground")
        .unwrap()
        .expect("settings were saved");
    assert!(saved.contains(r#""lang":"en""#), "{saved}");
    assert!(saved.contains(r#""schemaVersion":1"#), "{saved}");
}

#[wasm_bindgen_test]
async fn corrupt_saved_data_is_set_aside_with_a_notice() {
    storage().clear().unwrap();
    storage().set_item("ecs-playground", "{not json").unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/")
        .unwrap();
    let host = host();
    let _app = leptos::mount::mount_to(host.clone(), ecs_playground::App);
    tick().await;

    let notice = host
        .query_selector("[data-testid=notice]")
        .unwrap()
        .expect("a notice is shown");
    assert!(notice
        .text_content()
        .unwrap()
        .contains("ecs-playground.backup.1"));
    assert_eq!(
        storage()
            .get_item("ecs-playground.backup.1")
            .unwrap()
            .as_deref(),
        Some("{not json")
    );

    click(&host, "[data-testid=notice] button");
    tick().await;
    assert!(host
        .query_selector("[data-testid=notice]")
        .unwrap()
        .is_none());
}
