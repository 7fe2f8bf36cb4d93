//! Prints a generated library of N exercises (default 10,000) for load
//! tests: `cargo run --release --example generate_library -- 10000 > big.yaml`.

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    print!("{}", backrelief_library::synthetic::exercises_yaml(n));
}
