// The program's entry point is the C `main`, not std's: std's start-up
// reads /proc/self/maps (with sscanf) to place a stack-overflow message,
// a large part of an empty program's run, on every command (README,
// "Performance"). What else std's start-up does that matters here, `main`
// does itself: standard streams that are open, SIGPIPE ignored (a closed
// pipe is an error we handle, not a kill), exit code 101 on a panic, and
// the command line from argv (std's copy is glibc's alone). A stack
// overflow now ends with SIGSEGV and no message, and a panic message names
// the thread '<unnamed>' rather than 'main'.
#![no_main]

use std::ffi::OsString;
use std::os::raw::{c_char, c_int};

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    start_up();
    let args = arguments(argc, argv);
    // Unwinding must not cross into C: a panic (its message already
    // printed by the hook) exits as a Rust program's would.
    let code = std::panic::catch_unwind(|| run(args)).unwrap_or(101);
    #[cfg(target_os = "linux")]
    report_peak();
    // Also flushes standard output, as returning from std's main would.
    std::process::exit(code)
}

/// A test seam: with `BACKRELIEF_TEST_PEAK` set, the process's own peak
/// resident memory (`VmHWM` in /proc/self/status) goes to stderr as it
/// exits, for the tests that hold memory to a ceiling. (A child's
/// `ru_maxrss` also counts the test process it was started from.)
#[cfg(target_os = "linux")]
fn report_peak() {
    if std::env::var_os("BACKRELIEF_TEST_PEAK").is_none() {
        return;
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(kb) = status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
            eprintln!(
                "backrelief-test-peak-kb: {}",
                kb.trim().trim_end_matches(" kB")
            );
        }
    }
}

fn run(args: Vec<OsString>) -> i32 {
    // A shell asking for completions: answered before parsing, never an error.
    if let Some(code) = backrelief::commands::complete::from_args(&args) {
        return code;
    }
    backrelief::commands::cli::forget_empty_env();
    // The environment is read here, once; the command is given what it says.
    let setting = backrelief::commands::context::Setting::from_env();
    backrelief::commands::main(args, &setting).0
}

/// The command line as the C runtime passed it. std's own copy
/// (`env::args_os`) is filled by its start-up on Unix other than glibc
/// (musl, the BSDs), which this program skips.
#[cfg(unix)]
fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    use std::os::unix::ffi::OsStrExt;
    (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| {
            // SAFETY: the C runtime passes `argc` pointers to NUL-terminated
            // strings in `argv`, which live as long as the program.
            let arg = unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) };
            std::ffi::OsStr::from_bytes(arg.to_bytes()).to_os_string()
        })
        .collect()
}

/// On Windows std reads the command line itself (GetCommandLineW).
#[cfg(not(unix))]
fn arguments(_argc: c_int, _argv: *const *const c_char) -> Vec<OsString> {
    std::env::args_os().collect()
}

/// What std's start-up does on Unix that the program relies on.
#[cfg(unix)]
fn start_up() {
    // A standard stream started closed would be reused by the next file
    // opened, and output meant for the terminal would land in the history.
    for fd in 0..=2 {
        // SAFETY: fcntl(F_GETFD) only asks whether `fd` is open.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            // SAFETY: a plain open of a constant path; the descriptor it
            // returns is the lowest free one, which is `fd`.
            let opened = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
            if opened != fd {
                std::process::abort();
            }
        }
    }
    // SAFETY: setting a signal's disposition to ignore runs no code.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

#[cfg(not(unix))]
fn start_up() {}
