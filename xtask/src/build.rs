//! The release bundle, built without trunk so that every step can be skipped when its
//! input has not changed, and every file can carry its content's hash in its name.
//!
//! For a [`Site`] (the app, or the floor app the benchmark compares it with):
//! 1. `cargo build --release --target wasm32-unknown-unknown` for each wasm module;
//! 2. `wasm-bindgen --target web` (the JS glue and the `_bg.wasm`);
//! 3. `wasm-opt -Oz` (binaryen from npm);
//! 4. names with the content hash: `assets/NAME-HASH.{js,wasm,css}`. The glue is given its
//!    wasm's hashed name; the boot script (`static/boot.js`, needed because the CSP allows
//!    no inline script) is given the glue's; `index.html` is given the boot script's and
//!    the stylesheet's, and a preload link so the browser fetches the glue while it reads
//!    the boot script; the page holds the first screen, rendered by the app natively at
//!    build time (`src/bin/prerender.rs`). A module loaded on demand (practice mode,
//!    `crates/practice`) is only named in the page (`<meta name="practice-module">`);
//! 5. `NAME.br` and `NAME.gz` beside every file, at the highest settings.
//!
//! Steps 2, 3 and 5 are cached under `target/bundle-cache/`, keyed by the SHA-256 of
//! their input (and the tool's version and flags), so a warm build redoes only what a
//! changed input needs; cargo skips step 1 by itself. Files in `dist/` are rewritten only
//! when their content changes (so `Last-Modified` stays put), and files of earlier builds
//! are removed.
//!
//! `dist/` is a plain static site: `index.html` (revalidated on every visit: it names the
//! current assets), `assets/` (hashed names: cacheable for a year, `immutable`),
//! `robots.txt`, `404.html` (the page static hosts send for unknown paths) and `_headers`
//! (the caching rules, for hosts that read that file: Netlify, Cloudflare Pages).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::{bench, cargo_bin, run, step, tools, Result};

/// Where hashed files go, relative to `dist/`.
pub const ASSETS: &str = "assets";

/// The `Cache-Control` of files whose name carries their content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The `Cache-Control` of everything else: use it, but ask the server first.
pub const REVALIDATE: &str = "no-cache";

/// Flags for wasm-opt, as trunk passed them for `data-wasm-opt="z"`.
const WASM_OPT_FLAGS: &[&str] = &["-Oz"];

/// Cache entries unused for this long are removed.
const CACHE_KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

/// A wasm module of a site: a Rust package built for `wasm32-unknown-unknown`.
pub struct Module {
    /// The file names' stem (`webhook-assistant` gives `webhook-assistant-HASH.js`).
    pub name: &'static str,
    pub package: &'static str,
    /// The binary target to build, or `None` for the package's `cdylib`.
    pub bin: Option<&'static str>,
}

/// A static site built from templates and wasm modules.
pub struct Site {
    /// What the build step says it builds.
    pub title: &'static str,
    /// Output folder, relative to the project root.
    pub dist: &'static str,
    /// Templates and static files, relative to the project root.
    pub index: &'static str,
    pub boot: &'static str,
    pub stylesheet: Option<&'static str>,
    /// Copied to the root of `dist/` under their own names.
    pub root_files: &'static [&'static str],
    /// The module the page starts with (imported by the boot script).
    pub main: Module,
    /// Modules the page imports only when asked (practice mode): each is named in the
    /// page as `<meta name="NAME-module" content="assets/NAME-HASH.js">`.
    pub on_demand: &'static [Module],
    /// A native binary of the app that prints its first screen's markup, put in the page
    /// in place of `<!-- the first screen -->` so it shows before the app has loaded.
    pub first_screen: Option<Prerender>,
}

/// `cargo run -p PACKAGE --features FEATURE --bin BIN`, natively.
pub struct Prerender {
    pub package: &'static str,
    pub feature: &'static str,
    pub bin: &'static str,
}

/// Where the first screen's markup goes in the index template.
const FIRST_SCREEN: &str = "<!-- the first screen -->";

/// The assistant.
pub const APP: Site = Site {
    title: "the assistant",
    dist: "dist",
    index: "index.html",
    boot: "static/boot.js",
    stylesheet: Some("static/style.css"),
    root_files: &["static/robots.txt", "static/404.html"],
    main: Module {
        name: "webhook-assistant",
        package: "webhook-assistant",
        bin: Some("webhook-assistant"),
    },
    on_demand: &[Module {
        name: "practice",
        package: "practice",
        bin: None,
    }],
    first_screen: Some(Prerender {
        package: "webhook-assistant",
        feature: "prerender",
        bin: "prerender",
    }),
};

/// The floor the benchmark compares the assistant with (`bench/floor`).
pub const FLOOR: Site = Site {
    title: "the floor app",
    dist: "target/floor-dist",
    index: "bench/floor/index.html",
    boot: "bench/floor/boot.js",
    stylesheet: None,
    root_files: &[],
    main: Module {
        name: "floor",
        package: "floor",
        bin: Some("floor"),
    },
    on_demand: &[],
    first_screen: None,
};

impl Site {
    /// `file` (relative to the project root) as the index template refers to it.
    fn index_path(&self, file: &str) -> String {
        let dir = Path::new(self.index).parent().unwrap_or(Path::new(""));
        Path::new(file)
            .strip_prefix(dir)
            .unwrap_or(Path::new(file))
            .to_string_lossy()
            .into_owned()
    }
}

/// What was built: paths relative to `dist`.
pub struct Bundle {
    pub dist: PathBuf,
    /// Every file the first screen needs before it is usable: the page, its stylesheet,
    /// the boot script, the main module's glue and wasm.
    pub first_load: Vec<String>,
    /// Files fetched only when the user asks for them (practice mode).
    pub on_demand: Vec<String>,
}

/// Install what is missing and build `site`.
pub fn build(root: &Path, site: &Site) -> Result<Bundle> {
    tools::ensure_all(root)?;
    step(&format!("building {} into {}/", site.title, site.dist));
    let cache = Cache::open(root)?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();

    let main = wasm_module(root, &cache, &site.main)?;
    let glue = format!("{ASSETS}/{}", main.glue_name);
    let wasm = format!("{ASSETS}/{}", main.wasm_name);
    files.insert(glue.clone(), main.glue);
    files.insert(wasm.clone(), main.wasm);

    let mut first_load = vec!["index.html".to_owned(), glue.clone(), wasm.clone()];

    let boot = replace_once(
        &read_text(root, site.boot)?,
        &format!("\"./{}.js\"", site.main.name),
        &format!("\"./{}\"", main.glue_name),
        site.boot,
    )?;
    let boot_path = format!("{ASSETS}/{}", hashed("boot", "js", boot.as_bytes()));
    files.insert(boot_path.clone(), boot.into_bytes());
    first_load.push(boot_path.clone());

    let mut index = read_text(root, site.index)?;
    index = replace_once(
        &index,
        &format!("src=\"{}\"", site.index_path(site.boot)),
        &format!("src=\"{boot_path}\""),
        site.index,
    )?;
    if let Some(stylesheet) = site.stylesheet {
        let css = std::fs::read(root.join(stylesheet))
            .map_err(|e| format!("cannot read {stylesheet}: {e}"))?;
        let css_path = format!("{ASSETS}/{}", hashed("style", "css", &css));
        index = replace_once(
            &index,
            &format!("href=\"{}\"", site.index_path(stylesheet)),
            &format!("href=\"{css_path}\""),
            site.index,
        )?;
        files.insert(css_path.clone(), css);
        first_load.push(css_path);
    }
    // The glue is fetched at once instead of after the boot script has been read. The
    // wasm is not preloaded: the boot script fetches it once the page (which already
    // shows the first screen) has been painted, so it never competes with that paint.
    let mut head = format!("    <link rel=\"modulepreload\" href=\"{glue}\">\n");
    let mut on_demand = Vec::new();
    for module in site.on_demand {
        let built = wasm_module(root, &cache, module)?;
        let glue = format!("{ASSETS}/{}", built.glue_name);
        let wasm = format!("{ASSETS}/{}", built.wasm_name);
        head.push_str(&format!(
            "    <meta name=\"{}-module\" content=\"{glue}\">\n",
            module.name
        ));
        files.insert(glue.clone(), built.glue);
        files.insert(wasm.clone(), built.wasm);
        on_demand.extend([glue, wasm]);
    }
    index = replace_once(&index, "  </head>", &format!("{head}  </head>"), site.index)?;
    if let Some(prerender) = &site.first_screen {
        index = replace_once(
            &index,
            FIRST_SCREEN,
            &first_screen(root, prerender)?,
            site.index,
        )?;
    }
    files.insert("index.html".to_owned(), index.into_bytes());

    for file in site.root_files {
        let name = Path::new(file)
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let bytes =
            std::fs::read(root.join(file)).map_err(|e| format!("cannot read {file}: {e}"))?;
        files.insert(name, bytes);
    }
    files.insert("_headers".to_owned(), static_host_headers().into_bytes());

    let dist = root.join(site.dist);
    write_dist(&dist, &cache, files)?;
    cache.prune();
    first_load.sort();
    Ok(Bundle {
        dist,
        first_load,
        on_demand,
    })
}

/// The first screen's markup, from the app's prerender binary (cargo rebuilds it only
/// when the app changed).
fn first_screen(root: &Path, prerender: &Prerender) -> Result<String> {
    let output = Command::new("cargo")
        .args(["run", "--quiet", "-p", prerender.package])
        .args(["--features", prerender.feature, "--bin", prerender.bin])
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    let html = String::from_utf8(output.stdout).map_err(|_| "the first screen is not UTF-8")?;
    if !output.status.success() || !html.contains("<main") {
        return Err(format!(
            "rendering the first screen failed ({})",
            output.status
        ));
    }
    Ok(html)
}

/// The caching rules in the `_headers` format that Netlify and Cloudflare Pages read.
fn static_host_headers() -> String {
    format!(
        "# Caching rules for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         # Files under /{ASSETS}/ carry their content's hash in their name and never change.\n\
         /{ASSETS}/*\n  Cache-Control: {IMMUTABLE}\n\
         /\n  Cache-Control: {REVALIDATE}\n\
         /index.html\n  Cache-Control: {REVALIDATE}\n"
    )
}

/// `NAME-HASH.EXT`, the hash being the first 16 hex digits of the content's SHA-256.
pub fn hashed(name: &str, ext: &str, content: &[u8]) -> String {
    format!("{name}-{}.{ext}", &hex(&Sha256::digest(content))[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read_text(root: &Path, file: &str) -> Result<String> {
    std::fs::read_to_string(root.join(file)).map_err(|e| format!("cannot read {file}: {e}"))
}

/// Replace the one occurrence of `from`; a template that lost it (or has two) fails the
/// build rather than producing a page that loads nothing.
fn replace_once(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "{what} must contain {from:?} exactly once (found {n})"
        )),
    }
}

/// A built wasm module under its hashed names.
struct Built {
    glue_name: String,
    glue: Vec<u8>,
    wasm_name: String,
    wasm: Vec<u8>,
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn wasm_module(root: &Path, cache: &Cache, module: &Module) -> Result<Built> {
    let mut cargo = Command::new("cargo");
    cargo
        .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
        .args(["-p", module.package])
        .current_dir(root)
        // The wasm target's flags come from .cargo/config.toml, which RUSTFLAGS would
        // replace.
        .env_remove("RUSTFLAGS");
    match module.bin {
        Some(bin) => cargo.args(["--bin", bin]),
        None => cargo.arg("--lib"),
    };
    run(&mut cargo)?;
    let artifact = module
        .bin
        .map(str::to_owned)
        .unwrap_or_else(|| module.package.replace('-', "_"));
    let input = target_dir(root)
        .join("wasm32-unknown-unknown/release")
        .join(format!("{artifact}.wasm"));
    let input_bytes =
        std::fs::read(&input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;

    // wasm-bindgen: the glue and the wasm it goes with.
    let key = cache.key(&[
        b"wasm-bindgen --target web --no-typescript",
        tools::WASM_BINDGEN.as_bytes(),
        module.name.as_bytes(),
        &input_bytes,
    ]);
    let out = cache.dir.join(format!("bindgen-{key}"));
    let glue_file = out.join(format!("{}.js", module.name));
    let bg_file = out.join(format!("{}_bg.wasm", module.name));
    if !(glue_file.is_file() && bg_file.is_file()) {
        step(&format!("wasm-bindgen {}", module.name));
        let _ = std::fs::remove_dir_all(&out);
        run(Command::new(cargo_bin("wasm-bindgen"))
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                module.name,
            ])
            .arg("--out-dir")
            .arg(&out)
            .arg(&input))?;
    }
    cache.touch(&out);
    let glue = std::fs::read_to_string(&glue_file)
        .map_err(|e| format!("cannot read {}: {e}", glue_file.display()))?;
    let bg =
        std::fs::read(&bg_file).map_err(|e| format!("cannot read {}: {e}", bg_file.display()))?;

    // wasm-opt -Oz: most of a build's time, so cached by its input.
    let key = cache.key(&[
        WASM_OPT_FLAGS.join(" ").as_bytes(),
        tools::BINARYEN.as_bytes(),
        &bg,
    ]);
    let optimised = cache.dir.join(format!("opt-{key}.wasm"));
    if !optimised.is_file() {
        step(&format!(
            "wasm-opt {} {}",
            WASM_OPT_FLAGS.join(" "),
            module.name
        ));
        let partial = optimised.with_extension("partial");
        run(Command::new(root.join("node_modules/.bin/wasm-opt"))
            .args(WASM_OPT_FLAGS)
            .arg(&bg_file)
            .arg("-o")
            .arg(&partial))?;
        std::fs::rename(&partial, &optimised)
            .map_err(|e| format!("cannot keep wasm-opt output: {e}"))?;
    }
    cache.touch(&optimised);
    let wasm = std::fs::read(&optimised)
        .map_err(|e| format!("cannot read {}: {e}", optimised.display()))?;

    let wasm_name = hashed(module.name, "wasm", &wasm);
    // The glue's default URL for its wasm, so `init()` needs no argument.
    let glue = replace_once(
        &glue,
        &format!("'{}_bg.wasm'", module.name),
        &format!("'{wasm_name}'"),
        &format!("the wasm-bindgen glue of {}", module.name),
    )?;
    let glue_name = hashed(module.name, "js", glue.as_bytes());
    Ok(Built {
        glue_name,
        glue: glue.into_bytes(),
        wasm_name,
        wasm,
    })
}

/// Write `files` (and their compressed copies) into `dist`, leaving unchanged files
/// untouched, and remove whatever else is there.
fn write_dist(dist: &Path, cache: &Cache, files: BTreeMap<String, Vec<u8>>) -> Result {
    let mut keep = std::collections::BTreeSet::new();
    for (name, bytes) in &files {
        let mut copies = vec![(name.clone(), bytes.clone())];
        // `_headers` is read by the host, never sent to a browser.
        if name != "_headers" {
            let (br, gz) = cache.compressed(bytes)?;
            copies.push((format!("{name}.br"), br));
            copies.push((format!("{name}.gz"), gz));
        }
        for (name, bytes) in copies {
            let bytes = bytes.as_slice();
            let path = dist.join(&name);
            if std::fs::read(&path).ok().as_deref() != Some(bytes) {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, bytes)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            keep.insert(path);
        }
    }
    remove_others(dist, &keep)
}

fn remove_others(dir: &Path, keep: &std::collections::BTreeSet<PathBuf>) -> Result {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_others(&path, keep)?;
            let _ = std::fs::remove_dir(&path); // only if now empty
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Results of earlier builds, by the hash of their input.
struct Cache {
    dir: PathBuf,
}

impl Cache {
    fn open(root: &Path) -> Result<Cache> {
        let dir = target_dir(root).join("bundle-cache");
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Cache { dir })
    }

    fn key(&self, parts: &[&[u8]]) -> String {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hex(&hasher.finalize())[..32].to_owned()
    }

    /// Marks an entry as used, so [`Cache::prune`] keeps it.
    fn touch(&self, path: &Path) {
        if let Ok(file) = std::fs::File::options().append(true).open(path) {
            let _ = file.set_modified(SystemTime::now());
        } else if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                for entry in entries.flatten() {
                    self.touch(&entry.path());
                }
            }
        }
    }

    /// The brotli (quality 11) and gzip (level 9) copies of `bytes`.
    fn compressed(&self, bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
        let key = self.key(&[b"br11 gz9", bytes]);
        let (br_path, gz_path) = (
            self.dir.join(format!("packed-{key}.br")),
            self.dir.join(format!("packed-{key}.gz")),
        );
        if let (Ok(br), Ok(gz)) = (std::fs::read(&br_path), std::fs::read(&gz_path)) {
            self.touch(&br_path);
            self.touch(&gz_path);
            return Ok((br, gz));
        }
        let (br, gz) = (bench::brotli(bytes), bench::gzip(bytes));
        for (path, packed) in [(&br_path, &br), (&gz_path, &gz)] {
            std::fs::write(path, packed)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok((br, gz))
    }

    /// Removes entries no build has used for a week.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let stamp = if path.is_dir() {
                std::fs::read_dir(&path)
                    .ok()
                    .and_then(|mut e| e.next())
                    .and_then(|e| e.ok()?.metadata().ok()?.modified().ok())
            } else {
                entry.metadata().ok().and_then(|m| m.modified().ok())
            };
            let old = stamp
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age > CACHE_KEEP);
            if old {
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_carry_sixteen_hex_digits_of_the_content_hash() {
        let name = hashed("webhook-assistant", "wasm", b"\0asm");
        let hash = name
            .strip_prefix("webhook-assistant-")
            .and_then(|rest| rest.strip_suffix(".wasm"))
            .expect("NAME-HASH.EXT");
        assert_eq!(hash.len(), 16);
        assert!(hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn the_same_content_gets_the_same_name_and_other_content_another() {
        assert_eq!(hashed("boot", "js", b"a"), hashed("boot", "js", b"a"));
        assert_ne!(hashed("boot", "js", b"a"), hashed("boot", "js", b"b"));
    }

    #[test]
    fn a_template_without_its_placeholder_fails_the_build() {
        assert!(replace_once(
            "<script src=\"static/boot.js\">",
            "src=\"static/boot.js\"",
            "x",
            "t"
        )
        .is_ok());
        assert!(replace_once(
            "<script src=\"boot.js\">",
            "src=\"static/boot.js\"",
            "x",
            "t"
        )
        .is_err());
        assert!(replace_once("a a", "a", "b", "t").is_err());
    }

    #[test]
    fn the_templates_have_their_placeholders() {
        let root = crate::project_root();
        for site in [&APP, &FLOOR] {
            let index = std::fs::read_to_string(root.join(site.index)).unwrap();
            let boot = format!("src=\"{}\"", site.index_path(site.boot));
            assert_eq!(index.matches(&boot).count(), 1, "{boot}");
            if let Some(css) = site.stylesheet {
                let css = format!("href=\"{}\"", site.index_path(css));
                assert_eq!(index.matches(&css).count(), 1, "{css}");
            }
            assert_eq!(index.matches("  </head>").count(), 1);
            if site.first_screen.is_some() {
                assert_eq!(index.matches(FIRST_SCREEN).count(), 1);
            }
            let boot = std::fs::read_to_string(root.join(site.boot)).unwrap();
            let import = format!("\"./{}.js\"", site.main.name);
            assert_eq!(boot.matches(&import).count(), 1, "{import}");
        }
    }
}
