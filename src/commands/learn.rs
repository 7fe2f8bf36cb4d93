//! `backrelief learn`: the short lessons, or one of them.

use super::context::Context;
use crate::error::Result;

pub fn run(ctx: &Context, lesson: Option<&str>) -> Result<()> {
    let lib = ctx.library()?;
    let width = ctx.style.width;
    match lesson {
        None => ctx.print(&crate::lessons::all(lib, width)),
        Some(id) => match lib.lessons.iter().find(|l| l.id == id) {
            Some(l) => ctx.print(&crate::lessons::card(lib, l, width)),
            None => {
                let near = crate::library::suggest(id, lib.lessons.iter().map(|l| l.id.as_str()));
                let unknown = crate::library::Unknown::given("lesson", id, near);
                Err(unknown.hint("`backrelief learn` lists them").into())
            }
        },
    }
}
