//! Bundle figures: what a learner downloads, raw and as a server would send it.

use std::io::Write;
use std::path::Path;

/// One built file's sizes in bytes.
pub struct FileSize {
    pub name: String,
    pub kind: &'static str,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub struct Report {
    pub files: Vec<FileSize>,
}

/// Measures the wasm, JS and CSS a built site serves (top level of `dist`).
pub fn report(dist: &Path) -> Result<Report, String> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        // The service worker is fetched after the page runs, not before it can;
        // the engine's worker when an account is first needed (or once idle).
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let worker = file_name.as_deref() == Some("sw.js");
        let starts = |prefix: &str| file_name.as_deref().is_some_and(|n| n.starts_with(prefix));
        let engine = starts(crate::site::ENGINE_PREFIX);
        // The whole app, loaded when a sandbox or lesson opens (src/shell.rs).
        let workspace = starts(crate::site::WORKSPACE_PREFIX);
        let kind = match path.extension().and_then(|e| e.to_str()) {
            _ if worker => "worker",
            _ if engine => "engine",
            _ if workspace => "workspace",
            Some("wasm") => "wasm",
            Some("js") => "js",
            Some("css") => "css",
            Some("html") => "html",
            _ => continue,
        };
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push(FileSize {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            kind,
            raw: bytes.len(),
            gzip: gzip_len(&bytes)?,
            brotli: brotli_len(&bytes)?,
        });
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.raw));
    Ok(Report { files })
}

fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

fn brotli_len(bytes: &[u8]) -> Result<usize, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out.len())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

impl Report {
    pub fn print(&self) {
        println!("\nBundle (KB = 1,024 bytes; gzip -9, brotli q11):");
        println!(
            "  {:<44} {:>10} {:>10} {:>10}",
            "file", "raw", "gzip", "brotli"
        );
        for f in &self.files {
            println!(
                "  {:<44} {:>10} {:>10} {:>10}",
                f.name,
                kb(f.raw),
                kb(f.gzip),
                kb(f.brotli)
            );
        }
        for (label, kinds) in [
            (
                "first visit: shell (html + wasm + js + css)",
                &["html", "wasm", "js", "css"][..],
            ),
            ("the workspace (a sandbox or lesson opens)", &["workspace"]),
            ("the engine worker (an account opens)", &["engine"]),
        ] {
            let sum = |pick: fn(&FileSize) -> usize| -> usize {
                self.files
                    .iter()
                    .filter(|f| kinds.contains(&f.kind))
                    .map(pick)
                    .sum()
            };
            println!(
                "  {:<44} {:>10} {:>10} {:>10}",
                label,
                kb(sum(|f| f.raw)),
                kb(sum(|f| f.gzip)),
                kb(sum(|f| f.brotli))
            );
        }
    }
}
