//! Bundle figures: every file the browser downloads on first load, raw and as it would
//! travel gzip- or brotli-compressed, and the total transfer.

use std::io::Write;
use std::path::Path;

use crate::Result;

struct Row {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// The files a browser may download: the bundle without its precompressed copies.
pub fn bundle_files(dist: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dist.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Sets `key` of `target/bench.json` to `value`, keeping the other keys, so each figure
/// can be recorded by the code that measures it.
pub fn record(root: &Path, key: &str, value: serde_json::Value) -> Result {
    let file = root.join("target/bench.json");
    let mut all: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    all.insert(key.to_owned(), value);
    let text = serde_json::to_string_pretty(&all).expect("figures serialize");
    std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

pub fn bundle(dist: &Path) -> Result {
    let mut rows = Vec::new();
    for path in bundle_files(dist)? {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        rows.push(Row {
            name,
            raw: bytes.len(),
            gzip: gzip(&bytes).len(),
            brotli: brotli(&bytes).len(),
        });
    }
    println!(
        "{:<32} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for row in &rows {
        println!(
            "{:<32} {:>10} {:>10} {:>10}",
            row.name, row.raw, row.gzip, row.brotli
        );
    }
    let kinds = [
        ("wasm", ".wasm"),
        ("js", ".js"),
        ("css", ".css"),
        ("html", ".html"),
    ];
    for (kind, ending) in kinds {
        let (raw, gz, br) = rows
            .iter()
            .filter(|r| r.name.ends_with(ending))
            .fold((0, 0, 0), |(a, b, c), r| {
                (a + r.raw, b + r.gzip, c + r.brotli)
            });
        println!(
            "{:<32} {:>10} {:>10} {:>10}",
            format!("all {kind}"),
            raw,
            gz,
            br
        );
    }
    let total = rows.iter().fold((0, 0, 0), |(a, b, c), r| {
        (a + r.raw, b + r.gzip, c + r.brotli)
    });
    println!(
        "{:<32} {:>10} {:>10} {:>10}",
        "total transfer", total.0, total.1, total.2
    );
    Ok(())
}
