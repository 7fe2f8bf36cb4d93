use backrelief::cli::Cli;
use backrelief::error::Error;
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    if let Err(err) = backrelief::commands::run(cli) {
        match &err {
            // The advice was already printed; the exit code says the rest.
            Error::RedFlag => {}
            Error::Library(problems) => eprintln!("{problems}"),
            other => eprintln!("backrelief: {other}"),
        }
        std::process::exit(err.exit_code());
    }
}
