//! What `trunk build` leaves is made safe to host and usable offline:
//! - a strict Content-Security-Policy (a `<meta>`, as a static host may not
//!   let us set headers) forbids every inline script but the boot script,
//!   which it names by its SHA-256 (inline, it saves the slow link a round
//!   trip before the first wasm byte);
//! - a service worker caches every built file and lesson on the first visit,
//!   under a cache named after the build's content, so a new release replaces
//!   the old cache cleanly;
//! - the engine's worker files and the workspace's module (which trunk
//!   leaves unhashed, as it builds both as workers) get content-hashed names,
//!   which the page finds in `<meta name="ecs-engine">` and `<meta
//!   name="ecs-workspace">`, so a new page never meets an old engine in a cache;
//! - the boot script starts the module the visit's route needs: the shell
//!   (home, lesson map) or, for a sandbox or a lesson, the workspace at once
//!   (see `src/shell.rs`), and trunk's preloads of the shell go, so a visit
//!   to a sandbox does not download the shell too.

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

/// The workspace module's binary name (the whole app; the shell is trunk's main).
pub const WORKSPACE_PREFIX: &str = "ecs-workspace";

pub fn harden(site: &Path, public_url: &str) -> Result<(), String> {
    let index_path = site.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let workspace = hash_module(site, WORKSPACE_PREFIX)?;
    let (index, boot_script) = write_boot_script(&index, public_url, &workspace)?;
    let index = hash_engine_worker(site, &index, public_url)?;
    let index = add_meta(
        &index,
        "ecs-workspace",
        &format!("{public_url}{workspace}.js"),
    )?;
    let index = add_content_security_policy(&index, &boot_script)?;
    std::fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))?;
    write_service_worker(site, public_url)
}

fn short_hash(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The first line of the boot script (and how a hardened page is known).
const BOOT_SCRIPT_HEAD: &str = "// Starts the module this visit needs";

/// Replaces trunk's inline script (which starts the shell) and its preloads
/// of the shell with the boot script, which starts the module the route
/// needs; names the service worker in `<meta name="ecs-service-worker">`,
/// which the app registers once the page is idle (registering at once would
/// download the whole build a second time alongside the first visit's own
/// downloads). Returns the page and the boot script.
fn write_boot_script(
    index: &str,
    public_url: &str,
    workspace: &str,
) -> Result<(String, String), String> {
    if index.contains(BOOT_SCRIPT_HEAD) {
        return Err("index.html is already hardened".into());
    }
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
    let trunk_script = &index[body_start..end];
    let quoted_after = |marker: &str| {
        trunk_script
            .split(marker)
            .nth(1)
            .and_then(|rest| rest.split('\'').nth(1))
            .map(str::to_string)
            .ok_or(format!(
                "index.html: trunk's start-up script has no {marker}'…'"
            ))
    };
    let shell_js = quoted_after("from ")?;
    let shell_wasm = quoted_after("module_or_path: ")?;
    let script = format!(
        r#"{BOOT_SCRIPT_HEAD} (written by `cargo xtask`; see src/shell.rs).
// A sandbox or a lesson needs the workspace (the whole app); anything else the shell.
const path = location.hash.slice(1).split('?')[0].split('/').filter(Boolean);
const workspace = (path.length === 1 && path[0] === 'sandbox')
  || (path.length === 2 && path[0] === 'lessons' && /^[a-z0-9-]{{1,64}}$/.test(path[1]));
if (workspace) {{
  // The engine downloads alongside the workspace, which adopts it (src/engine_link.rs).
  const engine = document.querySelector('meta[name="ecs-engine"]')?.content;
  if (engine) {{
    const worker = new Worker(engine);
    const early = [];
    worker.onmessage = worker.onerror = (event) => early.push(event);
    window.ecsEarlyEngine = {{ worker, early }};
  }}
  const failed = () => document.getElementById('boot')?.classList.add('failed');
  const script = document.createElement('script');
  script.src = '{public_url}{workspace}.js';
  script.onload = () => wasm_bindgen({{ module_or_path: '{public_url}{workspace}_bg.wasm' }}).catch(failed);
  script.onerror = failed;
  document.head.append(script);
}} else {{
  const wasm = fetch('{shell_wasm}');
  const {{ default: init }} = await import('{shell_js}');
  await init({{ module_or_path: wasm }});
}}
"#
    );
    let index = format!(
        "{}<meta name=\"ecs-service-worker\" content=\"{public_url}sw.js\" />\n{SCRIPT_OPEN}{script}{SCRIPT_CLOSE}{}",
        &index[..start],
        &index[end + SCRIPT_CLOSE.len()..]
    );
    Ok((
        remove_preloads_of(&index, &[&shell_js, &shell_wasm]),
        script,
    ))
}

/// `index` without the `<link rel="…preload" href="…">` tags of these URLs.
fn remove_preloads_of(index: &str, urls: &[&str]) -> String {
    let mut out = index.to_string();
    for url in urls {
        let href = format!("href=\"{url}\"");
        while let Some(at) = out.find(&href) {
            let Some(open) = out[..at].rfind("<link") else {
                break;
            };
            let Some(close) = out[at..].find('>').map(|i| at + i + 1) else {
                break;
            };
            if !out[open..close].contains("preload") {
                break;
            }
            out.replace_range(open..close, "");
        }
    }
    out
}

/// Renames `{prefix}.js` and `{prefix}_bg.wasm` to names carrying their
/// content's hash; returns the new base name.
fn hash_module(site: &Path, prefix: &str) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read(site.join(name)).map_err(|e| format!("{name}: {e} (was {prefix} built?)"))
    };
    let js = read(&format!("{prefix}.js"))?;
    let wasm = read(&format!("{prefix}_bg.wasm"))?;
    let mut both = js.clone();
    both.extend_from_slice(&wasm);
    let base = format!("{prefix}-{}", short_hash(&both));
    for (from, to) in [(".js", ".js"), ("_bg.wasm", "_bg.wasm")] {
        let (from, to) = (format!("{prefix}{from}"), format!("{base}{to}"));
        std::fs::rename(site.join(&from), site.join(&to)).map_err(|e| format!("{from}: {e}"))?;
    }
    Ok(base)
}

/// Hashes the engine worker's files, writes its loader, and names the loader
/// in a `<meta name="ecs-engine">` of the page.
fn hash_engine_worker(site: &Path, index: &str, public_url: &str) -> Result<String, String> {
    let base = hash_module(site, ENGINE_PREFIX)?;
    let loader = format!("{base}_loader.js");
    std::fs::write(
        site.join(&loader),
        format!("importScripts(\"./{base}.js\");wasm_bindgen({{ module_or_path: \"./{base}_bg.wasm\" }});"),
    )
    .map_err(|e| format!("{loader}: {e}"))?;
    let _ = std::fs::remove_file(site.join(format!("{ENGINE_PREFIX}_loader.js")));
    add_meta(index, "ecs-engine", &format!("{public_url}{loader}"))
}

/// `index` with `<meta name="{name}" content="{content}">` after its charset.
fn add_meta(index: &str, name: &str, content: &str) -> Result<String, String> {
    let charset = "<meta charset=\"utf-8\" />";
    let at = index.find(charset).ok_or(format!(
        "index.html has no <meta charset> to put {name} after"
    ))? + charset.len();
    Ok(format!(
        "{}\n    <meta name=\"{name}\" content=\"{content}\" />{}",
        &index[..at],
        &index[at..]
    ))
}

/// The policy, allowing the one inline script by its hash. The `<meta>`
/// goes first in `<head>`: a policy applies only to what follows it.
fn add_content_security_policy(index: &str, boot_script: &str) -> Result<String, String> {
    let charset = "<meta charset=\"utf-8\" />";
    let at = index
        .find(charset)
        .ok_or("index.html has no <meta charset> to put the policy after")?
        + charset.len();
    let policy = CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'",
        &format!("script-src 'self' '{}'", script_hash_source(boot_script)),
    );
    Ok(format!(
        "{}\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />{}",
        &index[..at],
        &index[at..]
    ))
}

/// A CSP hash-source for an inline script's exact text.
fn script_hash_source(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
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

    const TRUNK_INDEX: &str = "<!doctype html>\n<html><head>\n<meta charset=\"utf-8\" />\n<title>t</title>\n<script type=\"module\">\nimport init, * as bindings from '/p/app.js';\nconst wasm = await init({ module_or_path: '/p/app_bg.wasm' });\n</script>\n<link rel=\"stylesheet\" href=\"/p/s.css\"/><link rel=\"modulepreload\" href=\"/p/app.js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"/p/app_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head><body></body></html>";

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
        let workspace_built = |version: &str| {
            std::fs::write(
                dir.join("ecs-workspace.js"),
                format!("let wasm_bindgen; // {version}"),
            )
            .unwrap();
            std::fs::write(dir.join("ecs-workspace_bg.wasm"), b"\0asm").unwrap();
        };
        engine_built("1");
        workspace_built("1");
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
        // One inline script, ours, allowed by its hash and nothing else inline.
        let script = index
            .split(SCRIPT_OPEN)
            .nth(1)
            .and_then(|s| s.split(SCRIPT_CLOSE).next())
            .unwrap();
        assert_eq!(index.matches("<script").count(), 1, "{index}");
        let policy = index
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        assert!(policy.contains(&format!(
            "script-src 'self' '{}'",
            script_hash_source(script)
        )));
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(
            script_hash_source("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
        // The boot script starts the shell, or for a sandbox or lesson the
        // (hashed) workspace, and the shell is no longer preloaded.
        assert!(
            script.contains("import('/p/app.js')") && script.contains("fetch('/p/app_bg.wasm')")
        );
        let workspace = index
            .split("<meta name=\"ecs-workspace\" content=\"/p/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        assert!(workspace.starts_with("ecs-workspace-"), "{workspace}");
        assert!(script.contains(&format!("script.src = '/p/{workspace}'")));
        assert!(dir.join(&workspace).exists() && !dir.join("ecs-workspace.js").exists());
        assert!(!index.contains("preload"), "{index}");
        assert!(index.contains("href=\"/p/s.css\""));
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
        workspace_built("2");
        harden(&dir, "/p/").unwrap();
        let again = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert_ne!(version(&worker), version(&again));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
