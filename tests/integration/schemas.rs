//! The JSON Schemas in `docs/schema/` are derived from the output types
//! (`backrelief::shapes::all`), never written by hand: this test
//! fails when a committed file differs from what the types give. After
//! changing an output type, write them anew (and read the diff) with
//!
//!     BACKRELIEF_WRITE_SCHEMAS=1 cargo test --test integration schemas::
//!
//! `json.rs` checks each command's real output against these files.

use std::path::Path;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema")
}

#[test]
fn committed_schemas_are_the_ones_the_output_types_give() {
    let write = std::env::var_os("BACKRELIEF_WRITE_SCHEMAS").is_some_and(|v| !v.is_empty());
    let shapes = backrelief::shapes::all();
    let mut differ = Vec::new();
    for (name, schema) in &shapes {
        let path = dir().join(format!("{name}.schema.json"));
        let text = serde_json::to_string_pretty(schema).unwrap() + "\n";
        if write {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            differ.push(path.display().to_string());
        }
    }
    assert!(
        differ.is_empty(),
        "these schemas differ from the output types (write them anew with BACKRELIEF_WRITE_SCHEMAS=1 cargo test --test integration schemas::): {differ:#?}"
    );
    // And no schema is left for a shape that is gone.
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().to_string();
        let stem = file.strip_suffix(".schema.json").unwrap_or(&file);
        if !shapes.iter().any(|(name, _)| *name == stem) {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "schemas of no shape: {stale:?}");
}

#[test]
fn every_schema_is_a_valid_schema_that_refuses_a_wrong_document() {
    for (name, schema) in backrelief::shapes::all() {
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // A document of another shape (or none) fails: `schema` is a constant.
        assert!(
            !v.is_valid(&serde_json::json!({"schema": "backrelief/other/1"})),
            "{name}"
        );
        assert!(!v.is_valid(&serde_json::json!([])), "{name}");
    }
}
