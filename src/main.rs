use backrelief::cli::Cli;
use backrelief::error::Error;
use backrelief::output::warn;
use clap::Parser;

fn main() {
    backrelief::cli::forget_empty_env();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors quote the arguments: sanitised like every error.
        Err(e) if e.use_stderr() => {
            warn(e.render().to_string().trim_end());
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    };
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
