//! Lessons are static files next to the app (`lessons/*.yaml`, copied by
//! Trunk), fetched when a page needs them, so adding a lesson needs no
//! rebuild of the model and does not grow the first download. The lesson
//! reader (`ecs-lesson`, no model) checks them; a broken file shows its
//! problems instead of a lesson. The engine reads the same file to check goals.

use ecs_lesson::{self as lesson, Lesson, Problem};
use ecs_protocol::LessonFile;

/// `lessons/<name>` as text, from the site itself.
pub async fn fetch_text(name: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(&format!("lessons/{name}")))
        .await
        .map_err(|_| format!("lessons/{name} could not be fetched (offline?)"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the fetch did not return a response".to_string())?;
    if !response.ok() {
        return Err(format!("lessons/{name}: HTTP {}", response.status()));
    }
    let text = response
        .text()
        .map_err(|_| format!("lessons/{name} has no text"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("lessons/{name} could not be read"))
}

/// The lesson ids in map order, from `lessons/index.yaml`.
pub async fn fetch_index() -> Result<Vec<String>, String> {
    let text = fetch_text("index.yaml").await?;
    lesson::parse_index(&text).map_err(|p| p.to_string())
}

/// One lesson, read and checked, with its file (for the engine).
pub async fn fetch_lesson(id: &str) -> Result<(Lesson, LessonFile), Vec<String>> {
    let name = format!("{id}.yaml");
    let text = fetch_text(&name).await.map_err(|e| vec![e])?;
    let lesson = lesson::parse(&name, &text)
        .map_err(|problems| problems.iter().map(Problem::to_string).collect::<Vec<_>>())?;
    Ok((lesson, LessonFile { name, text }))
}
