//! Where backrelief keeps things, following the XDG base directories.
//! `XDG_CONFIG_HOME`/`XDG_DATA_HOME`/`XDG_CACHE_HOME` are honoured when
//! absolute (the spec says a relative one is invalid and ignored);
//! `--data-dir` or `BACKRELIEF_HOME` moves the data (history) elsewhere.

use std::path::PathBuf;

/// backrelief's own folders, read from the environment once, at the edge
/// (`Dirs::from_env`), or given (a test running a command in-process).
/// Each is `None` when no home for it can be found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirs {
    /// `$XDG_CONFIG_HOME/backrelief`: the profile and user routines.
    pub config: Option<PathBuf>,
    /// `$XDG_DATA_HOME/backrelief`: history, unless `--data-dir` or
    /// `BACKRELIEF_HOME` moves it.
    pub data: Option<PathBuf>,
    /// `$XDG_CACHE_HOME/backrelief`: the library cache.
    pub cache: Option<PathBuf>,
}

impl Dirs {
    /// The folders as the environment names them now.
    pub fn from_env() -> Dirs {
        Dirs {
            config: config_dir(),
            data: data_dir(None),
            cache: cache_dir(),
        }
    }

    /// The profile's file, in the config folder.
    pub fn profile(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join("profile.yaml"))
    }

    /// The user's routines directory, merged over the built-in library.
    pub fn user_routines(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join("routines"))
    }

    /// The library cache's file.
    pub fn cache_file(&self) -> Option<PathBuf> {
        self.cache.as_ref().map(|d| d.join("library.bin"))
    }
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "backrelief")
}

/// An XDG base directory variable, if set to an absolute path.
fn xdg(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
}

/// `$XDG_CONFIG_HOME/backrelief`: the profile and user routines.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = xdg("XDG_CONFIG_HOME") {
        return Some(dir.join("backrelief"));
    }
    project().map(|p| p.config_dir().to_path_buf())
}

/// The user's routines directory, merged over the built-in library.
pub fn user_routines() -> Option<PathBuf> {
    config_dir().map(|d| d.join("routines"))
}

/// `$XDG_DATA_HOME/backrelief`, unless overridden.
pub fn data_dir(overridden: Option<&PathBuf>) -> Option<PathBuf> {
    if let Some(dir) = overridden {
        return Some(dir.clone());
    }
    if let Some(dir) = xdg("XDG_DATA_HOME") {
        return Some(dir.join("backrelief"));
    }
    project().map(|p| p.data_dir().to_path_buf())
}

/// `$XDG_CACHE_HOME/backrelief`: what may be deleted at any time (the
/// library cache).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = xdg("XDG_CACHE_HOME") {
        return Some(dir.join("backrelief"));
    }
    project().map(|p| p.cache_dir().to_path_buf())
}

/// `$HOME`, when set to an absolute path.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
}

/// Where systemd looks for a user's units: `$XDG_CONFIG_HOME/systemd/user`
/// (or `~/.config/systemd/user`).
pub fn systemd_user_dir() -> Option<PathBuf> {
    xdg("XDG_CONFIG_HOME")
        .or_else(|| home_dir().map(|h| h.join(".config")))
        .map(|d| d.join("systemd/user"))
}

/// `~/Library/LaunchAgents`, where launchd looks for a user's agents.
pub fn launch_agents_dir() -> Option<PathBuf> {
    home_dir().map(|h| h.join("Library/LaunchAgents"))
}
