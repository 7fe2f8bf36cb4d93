//! Which paths mean this process's own standard input or output: `-`, or
//! `/dev/stdin`, `/proc/self/fd/0`, `/dev/stdout` when they are the very
//! pipe, socket or device it was given. A leaf (only std), so the file
//! helpers can ask without importing the reader of standard input.

use std::path::Path;

/// How standard input is named in messages (`standard input:3: ...`).
pub const NAME: &str = "standard input";

/// Whether `path` means standard input: `-`, or a pipe, socket or device
/// that is this process's own standard input. A regular file given as
/// standard input (`< file`) is read as the file it is.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-" || is_own_stdin(path)
}

/// Whether `path` is a pipe, socket or device that is this process's own
/// standard output (`-o /dev/stdout` when output goes to a pipe): written
/// to as `-` is, where any other FIFO or device is refused.
pub fn is_own_stdout(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        same_stream(path, std::io::stdout().as_fd())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

fn is_own_stdin(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        same_stream(path, std::io::stdin().as_fd())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Whether `path` names the same pipe, socket or device as `fd`. A regular
/// file (`< file`, `> file`) is used as the file it is.
#[cfg(unix)]
fn same_stream(path: &Path, fd: std::os::fd::BorrowedFd<'_>) -> bool {
    use std::os::unix::fs::MetadataExt;
    // `metadata` never opens the path, so a FIFO that is not ours does not
    // block here.
    let Ok(named) = std::fs::metadata(path) else {
        return false;
    };
    if named.is_file() || named.is_dir() {
        return false;
    }
    let Ok(fd) = fd.try_clone_to_owned() else {
        return false;
    };
    let Ok(ours) = std::fs::File::from(fd).metadata() else {
        return false;
    };
    (named.dev(), named.ino(), named.rdev()) == (ours.dev(), ours.ino(), ours.rdev())
}
