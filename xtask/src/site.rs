//! What `trunk build` leaves is made safe to host and usable offline:
//! - trunk's inline start-up script becomes a file, so the page runs no inline
//!   script and a strict Content-Security-Policy (a `<meta>`, as a static host
//!   may not let us set headers) can forbid them;
//! - a service worker caches every built file and lesson on the first visit,
//!   under a cache named after the build's content, so a new release replaces
//!   the old cache cleanly;
//! - the engine's worker files (which trunk leaves unhashed: a worker's name
//!   is fixed at runtime) get content-hashed names, and the page finds the
//!   loader in `<meta name="ecs-engine">`, so a new page never meets an old
//!   engine in a cache.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// No inline script or style, nothing from another origin, wasm allowed.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'none'";

const SCRIPT_OPEN: &str = "<script type=\"module\">";
const SCRIPT_CLOSE: &str = "</script>";

/// The engine worker's binary name: its files start with it.
pub const ENGINE_PREFIX: &str = "ecs-worker";

pub fn harden(site: &Path, public_url: &str) -> Result<(), String> {
    let index_path = site.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let index = externalise_boot_script(site, &index, public_url)?;
    let index = hash_engine_worker(site, &index, public_url)?;
    let index = add_content_security_policy(&index)?;
    std::fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))?;
    write_service_worker(site, public_url)
}

fn short_hash(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Moves trunk's `<script type="module">…</script>` into `boot-<hash>.js`
/// and links it instead; names the service worker in `<meta
/// name="ecs-service-worker">`, which the app registers once the engine is
/// ready (registering at once would download the whole build a second time
/// alongside the first visit's own downloads).
fn externalise_boot_script(site: &Path, index: &str, public_url: &str) -> Result<String, String> {
    let start = index
        .find(SCRIPT_OPEN)
        .ok_or("index.html has no inline module script from trunk (already hardened?)")?;
    let body_start = start + SCRIPT_OPEN.len();
    let end = index[body_start..]
        .find(SCRIPT_CLOSE)
        .map(|i| body_start + i)
        .ok_or("index.html: the start-up script is not closed")?;
    if index[end..].contains(SCRIPT_OPEN) {
        return Err("index.html has more than one inline module script".into());
    }
    let script = index[body_start..end].trim().to_string();
    let name = format!("boot-{}.js", short_hash(script.as_bytes()));
    std::fs::write(site.join(&name), &script).map_err(|e| format!("{name}: {e}"))?;
    Ok(format!(
        "{}<meta name=\"ecs-service-worker\" content=\"{public_url}sw.js\" />\n<script type=\"module\" src=\"{public_url}{name}\"></script>{}",
        &index[..start],
        &index[end + SCRIPT_CLOSE.len()..]
    ))
}

/// Renames trunk's `ecs-worker.js`, `ecs-worker_bg.wasm` and
/// `ecs-worker_loader.js` to names carrying their content's hash, and names
/// the loader in a `<meta name="ecs-engine">` of the page.
fn hash_engine_worker(site: &Path, index: &str, public_url: &str) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read(site.join(name))
            .map_err(|e| format!("{name}: {e} (was the engine worker built?)"))
    };
    let js = read(&format!("{ENGINE_PREFIX}.js"))?;
    let wasm = read(&format!("{ENGINE_PREFIX}_bg.wasm"))?;
    let mut both = js.clone();
    both.extend_from_slice(&wasm);
    let base = format!("{ENGINE_PREFIX}-{}", short_hash(&both));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(site.join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    write(&format!("{base}.js"), &js)?;
    write(&format!("{base}_bg.wasm"), &wasm)?;
    let loader = format!("{base}_loader.js");
    write(
        &loader,
        format!("importScripts(\"./{base}.js\");wasm_bindgen(\"./{base}_bg.wasm\");").as_bytes(),
    )?;
    for old in ["", "_bg.wasm", "_loader.js"] {
        let name = if old.is_empty() {
            format!("{ENGINE_PREFIX}.js")
        } else {
            format!("{ENGINE_PREFIX}{old}")
        };
        let _ = std::fs::remove_file(site.join(name));
    }
    let charset = "<meta charset=\"utf-8\" />";
    let at = index
        .find(charset)
        .ok_or("index.html has no <meta charset> to put the engine's name after")?
        + charset.len();
    Ok(format!(
        "{}\n    <meta name=\"ecs-engine\" content=\"{public_url}{loader}\" />{}",
        &index[..at],
        &index[at..]
    ))
}

fn add_content_security_policy(index: &str) -> Result<String, String> {
    let charset = "<meta charset=\"utf-8\" />";
    let at = index
        .find(charset)
        .ok_or("index.html has no <meta charset> to put the policy after")?
        + charset.len();
    Ok(format!(
        "{}\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\" />{}",
        &index[..at],
        &index[at..]
    ))
}

/// Every file of the site, as URLs under `public_url`, sorted.
fn site_files(site: &Path, public_url: &str) -> Result<Vec<(String, PathBuf)>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut paths = Vec::new();
    walk(site, &mut paths)?;
    let mut files: Vec<(String, PathBuf)> = paths
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(site)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            (rel != "sw.js" && !rel.starts_with('.')).then(|| (format!("{public_url}{rel}"), p))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn write_service_worker(site: &Path, public_url: &str) -> Result<(), String> {
    let files = site_files(site, public_url)?;
    let mut content = DefaultHasher::new();
    for (url, path) in &files {
        url.hash(&mut content);
        std::fs::read(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .hash(&mut content);
    }
    let version = format!("{:016x}", content.finish());
    let mut urls: Vec<String> = files.into_iter().map(|(url, _)| url).collect();
    urls.push(public_url.to_string());
    let list = urls
        .iter()
        .map(|u| format!("  '{u}',"))
        .collect::<Vec<_>>()
        .join("\n");
    let worker = format!(
        r#"// The offline cache of this build, written by `cargo xtask` after trunk.
// Hashed files and lessons are served from the cache; the page itself is
// fetched fresh when the network answers, so a new release shows at once.
const CACHE = 'ecs-playground-{version}';
const FILES = [
{list}
];
const INDEX = '{public_url}index.html';

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
}});

self.addEventListener('activate', (event) => {{
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('ecs-playground-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
}});

self.addEventListener('fetch', (event) => {{
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {{
    event.respondWith(
      fetch(request)
        .then((response) => {{
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(INDEX, copy));
          return response;
        }})
        .catch(() => caches.match(INDEX)),
    );
    return;
  }}
  event.respondWith(caches.match(request, {{ ignoreSearch: true }}).then((hit) => hit || fetch(request)));
}});
"#
    );
    std::fs::write(site.join("sw.js"), worker).map_err(|e| format!("sw.js: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = "<!doctype html>\n<html><head>\n<meta charset=\"utf-8\" />\n<title>t</title>\n<script type=\"module\">\nimport init from '/p/app.js';\nawait init();\n</script>\n<link rel=\"stylesheet\" href=\"/p/s.css\"/></head><body></body></html>";

    #[test]
    fn the_built_page_runs_no_inline_script_and_carries_the_policy() {
        let dir = std::env::temp_dir().join(format!("xtask-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("lessons")).unwrap();
        std::fs::write(dir.join("index.html"), TRUNK_INDEX).unwrap();
        std::fs::write(dir.join("app.js"), "export default 1").unwrap();
        std::fs::write(dir.join("lessons/index.yaml"), "- a").unwrap();
        let engine_built = |version: &str| {
            std::fs::write(
                dir.join("ecs-worker.js"),
                format!("var wasm_bindgen; // {version}"),
            )
            .unwrap();
            std::fs::write(dir.join("ecs-worker_bg.wasm"), b"\0asm").unwrap();
            std::fs::write(dir.join("ecs-worker_loader.js"), "importScripts()").unwrap();
        };
        engine_built("1");
        harden(&dir, "/p/").unwrap();
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
        // The engine's files carry their content's hash; the page names the loader.
        let loader = index
            .split("<meta name=\"ecs-engine\" content=\"/p/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        assert!(
            loader.starts_with("ecs-worker-") && loader.ends_with("_loader.js"),
            "{loader}"
        );
        let base = loader.trim_end_matches("_loader.js");
        let shim = std::fs::read_to_string(dir.join(&loader)).unwrap();
        assert!(
            shim.contains(&format!("./{base}.js")) && shim.contains(&format!("./{base}_bg.wasm"))
        );
        assert!(
            !dir.join("ecs-worker.js").exists() && dir.join(format!("{base}_bg.wasm")).exists()
        );
        assert!(!index.contains(SCRIPT_OPEN), "{index}");
        assert!(index.contains("http-equiv=\"Content-Security-Policy\""));
        let boot = index
            .split("src=\"/p/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        let script = std::fs::read_to_string(dir.join(boot)).unwrap();
        assert!(script.contains("await init();"));
        assert!(index.contains("<meta name=\"ecs-service-worker\" content=\"/p/sw.js\" />"));
        let worker = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        for url in [
            "'/p/index.html'",
            "'/p/app.js'",
            "'/p/lessons/index.yaml'",
            "'/p/'",
        ] {
            assert!(worker.contains(url), "{url} is cached");
        }
        assert!(!worker.contains("'/p/sw.js'"));
        assert!(
            worker.contains(&format!("'/p/{loader}'")),
            "the engine is cached"
        );
        // Twice is refused, not doubled.
        engine_built("1");
        assert!(harden(&dir, "/p/").is_err());
        // Another build's content, another cache.
        let version = |w: &str| {
            w.lines()
                .find(|l| l.starts_with("const CACHE"))
                .unwrap()
                .to_string()
        };
        std::fs::write(dir.join("index.html"), TRUNK_INDEX).unwrap();
        std::fs::write(dir.join("app.js"), "export default 2").unwrap();
        engine_built("2");
        harden(&dir, "/p/").unwrap();
        let again = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert_ne!(version(&worker), version(&again));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
