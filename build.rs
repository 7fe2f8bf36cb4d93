//! Embeds `routines/` into the binary (as YAML, to point at a built-in
//! entry in a message, and as the pre-validated library in Rust statics
//! for a fast start) and refuses to build an invalid library.

use backrelief_library::{collect_files, Loader};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new("routines");
    println!("cargo:rerun-if-changed=routines");
    let mut problems = Vec::new();
    let files = collect_files(root, &mut problems);
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.path);
    }
    let lib = match Loader::new()
        .strict()
        .problems(problems)
        .layer(files.clone())
        .load()
    {
        Ok(lib) => lib,
        Err(found) => {
            eprintln!("the built-in library in routines/ is invalid:\n{found}");
            std::process::exit(1);
        }
    };
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::from(
        "/// The built-in library files: (path, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            f.path,
            Path::new(&manifest).join(&f.path).display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin.rs"), code).expect("cannot write OUT_DIR/builtin.rs");
    // The validated library as Rust statics (`library_as_rust`): the
    // program starts with it in memory, borrowing its texts and lists from
    // its own data, with nothing to decode.
    let library = backrelief_library::library_as_rust(&lib);
    std::fs::write(out.join("builtin_library.rs"), &library)
        .expect("cannot write OUT_DIR/builtin_library.rs");
    cache_identity(&out, &library);
}

/// Writes `OUT_DIR/cache_identity.rs`: what the user-library cache
/// (src/store/library_cache.rs) keys on for this build. A cached merge is
/// valid only for the same built-in library (its Rust form) and the same
/// loader and model that merged and stored it, which this build script links,
/// so its own executable stands for them; the version covers the rest.
fn cache_identity(out: &Path, library: &str) {
    let script = std::env::current_exe()
        .and_then(std::fs::read)
        .unwrap_or_default();
    // FNV-1a: a build-time hash needs no speed and no crate.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        env!("CARGO_PKG_VERSION").as_bytes(),
        library.as_bytes(),
        &script,
    ] {
        for &b in part.iter().chain(&(part.len() as u64).to_le_bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    std::fs::write(
        out.join("cache_identity.rs"),
        format!("/// This build, for the library cache.\npub const IDENTITY: u64 = {h:#018x};\n"),
    )
    .expect("cannot write OUT_DIR/cache_identity.rs");
}
