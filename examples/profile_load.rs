fn main() {
    let text = backrelief::library::synthetic::exercises_yaml(10_000);
    let t = std::time::Instant::now();
    let lib = backrelief::library::Loader::new()
        .layer(vec![backrelief::library::SourceFile {
            path: "gen.yaml".into(),
            text,
        }])
        .layer(backrelief::app::builtin_files())
        .load()
        .unwrap();
    eprintln!("full load: {:?} {}", t.elapsed(), lib.exercises.len());
}
