//! Builds the front end and embeds it in the `ziping` binary.
//!
//! The `app` crate is compiled for `wasm32-unknown-unknown` by a nested `cargo build` with its own
//! target directory (`target/front`, so it never waits on the lock of the outer build), then
//! wasm-bindgen runs as a library pinned to the exact `wasm-bindgen` version in `Cargo.lock`, so
//! no tool has to be downloaded. Every asset gets a content hash in its name, and `site.rs` in
//! `OUT_DIR` lists them for `include_bytes!`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

use sha2::{Digest, Sha256};

fn main() {
    if let Err(message) = build() {
        // A build script reports failure by exiting non-zero; the message is what a developer
        // needs to act on.
        eprintln!("error: building the front end failed: {message}");
        std::process::exit(1);
    }
}

fn build() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir
        .parent()
        .ok_or("the server crate has no parent directory")?
        .to_path_buf();
    let out_dir = PathBuf::from(env_var("OUT_DIR")?);

    for path in [
        "app/src",
        "app/Cargo.toml",
        "app/index.html",
        "questionnaires/src",
        "questionnaires/Cargo.toml",
        "style",
        // The workspace's dependency features and the front profiles.
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    println!("cargo:rerun-if-env-changed=ZIPING_WASM_OPT");

    let wasm = build_wasm(&root)?;
    let pkg = out_dir.join("pkg");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        .out_name("ziping_app")
        .generate(&pkg)
        .map_err(|e| format!("wasm-bindgen on {}: {e}", wasm.display()))?;
    if let Ok(wasm_opt) = env::var("ZIPING_WASM_OPT") {
        optimise(&wasm_opt, &pkg.join("ziping_app_bg.wasm"))?;
    }

    let site = out_dir.join("site");
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("removing {}: {e}", site.display()))?;
    }
    fs::create_dir_all(&site).map_err(|e| format!("creating {}: {e}", site.display()))?;

    let js = hashed_copy(&pkg.join("ziping_app.js"), &site, "ziping_app", "js")?;
    let wasm = hashed_copy(
        &pkg.join("ziping_app_bg.wasm"),
        &site,
        "ziping_app_bg",
        "wasm",
    )?;
    let css = hashed_copy(&root.join("style/main.css"), &site, "main", "css")?;

    let template = read(&root.join("app/index.html"))?;
    let index = template
        .replace("{{css}}", &format!("/pkg/{css}"))
        .replace("{{js}}", &format!("/pkg/{js}"))
        .replace("{{wasm}}", &format!("/pkg/{wasm}"));
    write(&site.join("index.html"), index.as_bytes())?;

    // Compressed once here instead of on every request: at the highest levels for release, at
    // quick ones otherwise (brotli 11 on a debug module would cost most of a rebuild).
    let best = env::var("PROFILE").as_deref() == Ok("release");
    let mut rs = String::from("// The embedded front end, listed by the build script.\n");
    rs.push_str("pub static ASSETS: &[Asset] = &[\n");
    for (path, name, content_type) in [
        (format!("/pkg/{js}"), &js, "text/javascript; charset=utf-8"),
        (format!("/pkg/{wasm}"), &wasm, "application/wasm"),
        (format!("/pkg/{css}"), &css, "text/css; charset=utf-8"),
        (
            "/index.html".to_owned(),
            &"index.html".to_owned(),
            "text/html; charset=utf-8",
        ),
    ] {
        compress(&site.join(name), best)?;
        let include = |suffix: &str| {
            format!("include_bytes!(concat!(env!(\"OUT_DIR\"), \"/site/{name}{suffix}\"))")
        };
        let _ = writeln!(
            rs,
            "    Asset {{ path: \"{path}\", content_type: \"{content_type}\", body: {}, gzip: {}, brotli: {} }},",
            include(""),
            include(".gz"),
            include(".br"),
        );
    }
    rs.push_str("];\n");
    write(&out_dir.join("site.rs"), rs.as_bytes())
}

/// Compiles `app` for wasm32 and returns the path of the `.wasm` file. A release build of the
/// server gets the small, slow-to-build `front` profile (LTO, size-optimised); any other build
/// gets `front-dev`, which rebuilds in seconds after an edit in `app/`.
fn build_wasm(root: &Path) -> Result<PathBuf, String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let profile = if env::var("PROFILE").as_deref() == Ok("release") {
        "front"
    } else {
        "front-dev"
    };
    let target_dir = root.join("target/front");
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "--package",
            "ziping-app",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
            "--target-dir",
        ])
        .arg(&target_dir);
    // The outer build's settings are for the host: flags, wrappers (clippy sets one) and its
    // target directory must not leak into the wasm build, or each would rebuild the other.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("could not run `{cargo} build` for the front end: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`cargo build -p ziping-app --target wasm32-unknown-unknown` failed ({status}); \
             its messages are above. If they say the target is missing, run \
             `rustup target add wasm32-unknown-unknown`."
        ));
    }
    Ok(target_dir.join(format!("wasm32-unknown-unknown/{profile}/ziping_app.wasm")))
}

/// Runs a binaryen `wasm-opt` given by path. Binaryen 108 (Debian 12) produces modules that
/// Chromium rejects, so the tool is opt-in and must be 116 or newer.
fn optimise(wasm_opt: &str, wasm: &Path) -> Result<(), String> {
    let status = Command::new(wasm_opt)
        .arg("-Oz")
        .arg("--enable-bulk-memory")
        .arg("--enable-nontrapping-float-to-int")
        .arg("--enable-sign-ext")
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .status()
        .map_err(|e| format!("could not run ZIPING_WASM_OPT={wasm_opt}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{wasm_opt} failed ({status})"))
    }
}

/// Writes `path.gz` and `path.br` beside `path`.
fn compress(path: &Path, best: bool) -> Result<(), String> {
    use std::io::Write as _;
    let bytes = fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let level = if best {
        flate2::Compression::best()
    } else {
        flate2::Compression::fast()
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), level);
    gz.write_all(&bytes).map_err(|e| format!("gzip: {e}"))?;
    let gz = gz.finish().map_err(|e| format!("gzip: {e}"))?;
    write(&path.with_extension(ext_with(path, "gz")), &gz)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: if best { 11 } else { 1 },
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    write(&path.with_extension(ext_with(path, "br")), &br)
}

/// `file.wasm` + `gz` → `wasm.gz`, the extension that makes `file.wasm.gz`.
fn ext_with(path: &Path, suffix: &str) -> String {
    match path.extension() {
        Some(ext) => format!("{}.{suffix}", ext.to_string_lossy()),
        None => suffix.to_owned(),
    }
}

/// Copies `src` into `dir` as `{stem}-{hash}.{ext}` and returns the new file name.
fn hashed_copy(src: &Path, dir: &Path, stem: &str, ext: &str) -> Result<String, String> {
    let bytes = fs::read(src).map_err(|e| format!("reading {}: {e}", src.display()))?;
    let digest = Sha256::digest(&bytes);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{stem}-{hash}.{ext}");
    write(&dir.join(&name), &bytes)?;
    Ok(name)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn env_var(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("cargo did not set {name}"))
}
