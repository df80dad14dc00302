//! A hash router: the route lives in the URL fragment (`#/lessons/vpc-cidr`).
//!
//! Why not `leptos_router`: it costs about 47 KB of brotli'd wasm (measured,
//! `shared/leptos-engineering.md` §7) and its History-API paths need the static
//! host to answer every deep link with `index.html` (a `404.html` copy that not
//! every host honours). A fragment never reaches the server, so a reload on any
//! deep link works on any static host, under any sub-path, with no set-up.

use std::fmt;

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Lessons,
    Lesson(String),
    Sandbox,
    NotFound,
}

impl Route {
    /// The route for a `location.hash` value (`""`, `"#/"`, `"#/lessons/…"`).
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        // Anything after `?` belongs to the page (e.g. a shared world), not the route.
        let path = path.split('?').next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["lessons"] => Route::Lessons,
            ["lessons", id] if is_lesson_id(id) => Route::Lesson((*id).to_string()),
            ["sandbox"] => Route::Sandbox,
            _ => Route::NotFound,
        }
    }

    /// The `href` that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Lessons => "#/lessons".to_string(),
            Route::Lesson(id) => format!("#/lessons/{id}"),
            Route::Sandbox => "#/sandbox".to_string(),
            Route::NotFound => "#/not-found".to_string(),
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.href())
    }
}

/// Lesson ids are short lowercase slugs; anything else cannot name a lesson.
fn is_lesson_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_route() {
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#"), Route::Home);
        assert_eq!(Route::from_hash("#/"), Route::Home);
        assert_eq!(Route::from_hash("#/lessons"), Route::Lessons);
        assert_eq!(Route::from_hash("#/lessons/"), Route::Lessons);
        assert_eq!(
            Route::from_hash("#/lessons/vpc-cidr"),
            Route::Lesson("vpc-cidr".into())
        );
        assert_eq!(Route::from_hash("#/sandbox"), Route::Sandbox);
        assert_eq!(Route::from_hash("#/sandbox?w=abc"), Route::Sandbox);
    }

    #[test]
    fn unknown_or_malformed_paths_are_not_found() {
        assert_eq!(Route::from_hash("#/nope"), Route::NotFound);
        assert_eq!(Route::from_hash("#/lessons/a/b"), Route::NotFound);
        assert_eq!(Route::from_hash("#/lessons/<script>"), Route::NotFound);
        assert_eq!(Route::from_hash("#/lessons/UPPER"), Route::NotFound);
        assert_eq!(
            Route::from_hash(&format!("#/lessons/{}", "a".repeat(65))),
            Route::NotFound
        );
    }

    #[test]
    fn href_round_trips() {
        for route in [
            Route::Home,
            Route::Lessons,
            Route::Lesson("ecs-basics".into()),
            Route::Sandbox,
        ] {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
    }
}
