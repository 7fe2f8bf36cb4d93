//! A terminal's output as the screen a person saw, in HTML: reads the raw
//! bytes on standard input, runs them through a terminal emulator
//! (`vt100`) of `ROWS`x`COLS`, and prints the final screen with its
//! colours and weight. `scripts/screenshots` renders it with Chromium.
//!
//!     cargo run --example screen_html -- 24 80 < run.bytes > run.html

use std::fmt::Write as _;
use std::io::Read;

/// The 16 xterm colours, for `Idx` 0 to 15.
const PALETTE: [&str; 16] = [
    "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
    "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
];
const FOREGROUND: &str = "#d0d0d0";
const BACKGROUND: &str = "#1c1c1c";

fn colour(c: vt100::Color) -> String {
    match c {
        vt100::Color::Default => FOREGROUND.to_string(),
        vt100::Color::Idx(i) if i < 16 => PALETTE[usize::from(i)].to_string(),
        vt100::Color::Idx(_) => FOREGROUND.to_string(),
        vt100::Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u16>());
    let (Some(Ok(rows)), Some(Ok(cols))) = (args.next(), args.next()) else {
        eprintln!("usage: screen_html ROWS COLS < bytes > page.html");
        std::process::exit(2);
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .expect("read standard input");
    let mut vt = vt100::Parser::new(
        rows.try_into().expect("rows > 0"),
        cols.try_into().expect("cols > 0"),
        0,
    );
    vt.process(&bytes);
    let screen = vt.screen();
    let mut body = String::new();
    for r in 0..rows {
        let mut style = (String::new(), false);
        let mut run = String::new();
        let flush = |body: &mut String, style: &(String, bool), run: &mut String| {
            if !run.is_empty() {
                let weight = if style.1 { "bold" } else { "normal" };
                write!(
                    body,
                    "<span style=\"color:{};font-weight:{weight}\">{}</span>",
                    style.0,
                    escape(run)
                )
                .expect("write to String");
                run.clear();
            }
        };
        for c in 0..cols {
            let Some(cell) = screen.cell(r, c) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let now = (colour(cell.fgcolor()), cell.bold());
            if now != style {
                flush(&mut body, &style, &mut run);
                style = now;
            }
            let text = cell.contents();
            run.push_str(if text.is_empty() { " " } else { text });
        }
        flush(&mut body, &style, &mut run);
        body.push('\n');
    }
    println!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>backrelief {cols}x{rows}</title>\
         <style>body{{margin:0;background:{BACKGROUND}}}pre{{margin:0;padding:8px;\
         font:16px/1.15 'DejaVu Sans Mono',monospace;color:{FOREGROUND}}}</style></head>\
         <body><pre>{body}</pre></body></html>"
    );
}
