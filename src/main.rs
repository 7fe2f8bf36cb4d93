use backrelief::error::Error;
use backrelief::output::warn;

fn main() {
    backrelief::cli::forget_empty_env();
    let cli = backrelief::commands::parse_or_exit(std::env::args_os().collect());
    if let Err(err) = backrelief::commands::run(cli) {
        match &err {
            // The advice was already printed; the exit code says the rest.
            Error::RedFlag => {}
            Error::Library(problems) => warn(&problems.to_string()),
            other => warn(&format!("backrelief: {other}")),
        }
        std::process::exit(err.exit_code());
    }
}
