//! Finding the line and column of a field inside a block-style YAML file.
//!
//! serde_yaml reports positions only for syntax errors, and its `Value` has
//! no spans. The library files are written in plain block style, so a small
//! indentation-aware scan finds where an entry or field starts. When the scan
//! cannot follow a path (for example flow style), it stops at the deepest
//! position it did find, which is still the right entry.

/// A step of a path inside an entry: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Zero-based line and column.
pub(crate) type Pos = (usize, usize);

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#') && t != "---"
}

fn key_matches(rest: &str, key: &str) -> bool {
    let rest = rest.trim_start_matches(['"', '\'']);
    rest.strip_prefix(key)
        .map(|after| after.trim_start_matches(['"', '\'']).starts_with(':'))
        .unwrap_or(false)
}

/// The end (exclusive) of the block that starts at `start` and whose
/// children are indented more than `parent_indent`.
fn block_end(lines: &[&str], start: usize, parent_indent: usize) -> usize {
    let mut l = start + 1;
    while l < lines.len() {
        if is_content(lines[l]) && indent(lines[l]) <= parent_indent {
            // A sequence may sit at the same indent as its key ("key:\n- a").
            if !(indent(lines[l]) == parent_indent
                && lines[l].trim_start().starts_with("- ")
                && start_is_key_without_value(lines[start]))
            {
                break;
            }
        }
        l += 1;
    }
    l
}

fn start_is_key_without_value(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ");
    t.trim_end().ends_with(':')
}

/// The lines at which each item of the top-level sequence `section` starts.
pub(crate) fn section_items(lines: &[&str], section: &str) -> Vec<usize> {
    let Some(key_line) = lines
        .iter()
        .position(|l| indent(l) == 0 && key_matches(l, section))
    else {
        return Vec::new();
    };
    let end = block_end(lines, key_line, 0);
    let mut items = Vec::new();
    let mut item_indent = None;
    for (l, line) in lines.iter().enumerate().take(end).skip(key_line + 1) {
        if !is_content(line) {
            continue;
        }
        let ind = indent(line);
        let is_item = line.trim_start().starts_with("- ") || line.trim() == "-";
        if is_item && item_indent.is_none_or(|i| i == ind) {
            item_indent = Some(ind);
            items.push(l);
        }
    }
    items
}

/// The line of top-level key `key`, if any.
pub(crate) fn top_key(lines: &[&str], key: &str) -> Option<usize> {
    lines
        .iter()
        .position(|l| indent(l) == 0 && key_matches(l, key))
}

/// Follows `path` from the sequence item starting at `item_line`.
pub(crate) fn find_in_item(lines: &[&str], item_line: usize, path: &[Seg]) -> Pos {
    let Some(first) = lines.get(item_line) else {
        return (item_line, 0);
    };
    let item_indent = indent(first);
    // The item's mapping starts after "- ".
    let mut content_indent = item_indent + 2;
    let mut start = item_line;
    let mut end = block_end(lines, item_line, item_indent);
    let mut found: Pos = (item_line, content_indent);
    let mut on_item_line = true;
    for seg in path {
        match seg {
            Seg::Key(key) => {
                let mut hit = None;
                for (l, line) in lines.iter().enumerate().take(end).skip(start) {
                    if !is_content(line) {
                        continue;
                    }
                    let col = if on_item_line && l == start {
                        indent(line) + 2
                    } else {
                        indent(line)
                    };
                    if col == content_indent && line.len() > col && key_matches(&line[col..], key) {
                        hit = Some((l, col));
                        break;
                    }
                }
                let Some((l, col)) = hit else { return found };
                found = (l, col);
                // The value's block: children indented more than the key.
                start = l;
                end = block_end(lines, l, col);
                content_indent = (l + 1..end)
                    .find(|&n| is_content(lines[n]))
                    .map(|n| indent(lines[n]))
                    .unwrap_or(col + 2);
                on_item_line = false;
            }
            Seg::Index(i) => {
                let line = lines[start];
                // Flow sequence on the key's line: point at the i-th element.
                if let Some(open) = line.find('[') {
                    let mut col = open + 1;
                    for (n, part) in line[open + 1..].split(',').enumerate() {
                        if n == *i {
                            let lead = part.len() - part.trim_start().len();
                            return (start, col + lead);
                        }
                        col += part.len() + 1;
                    }
                    return found;
                }
                let items: Vec<usize> = (start + 1..end)
                    .filter(|&n| {
                        is_content(lines[n])
                            && indent(lines[n]) == content_indent
                            && lines[n].trim_start().starts_with('-')
                    })
                    .collect();
                let Some(&l) = items.get(*i) else {
                    return found;
                };
                found = (l, content_indent + 2);
                start = l;
                end = block_end(lines, l, content_indent);
                content_indent += 2;
                on_item_line = true;
            }
        }
    }
    found
}

/// Where `value` is written under the top-level key `key` of a small block
/// YAML file (a profile), as one-based line and column; the key's own
/// position when the value cannot be found, none without the key.
pub fn value_under_key(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let line = top_key(&lines, key)?;
    let (l, c) = refine(&lines, (line, 0), value.trim());
    Some((l + 1, c + 1))
}

/// Moves `pos` to the first occurrence of `token` at or after it, within the
/// next few lines, so "unknown muscle 'x'" points at the `x`.
pub(crate) fn refine(lines: &[&str], pos: Pos, token: &str) -> Pos {
    for (l, line) in lines.iter().enumerate().skip(pos.0).take(40) {
        let from = if l == pos.0 { pos.1 } else { 0 };
        if let Some(text) = line.get(from..) {
            if let Some(c) = find_word(text, token) {
                return (l, from + c);
            }
        }
        // Stop at the next sibling entry.
        if l > pos.0 && line.trim_start().starts_with("- id:") {
            break;
        }
    }
    pos
}

fn find_word(text: &str, token: &str) -> Option<usize> {
    // An empty token would match everywhere and never advance.
    if token.is_empty() {
        return None;
    }
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(token) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        if !before.is_some_and(word) && !after.is_some_and(word) {
            return Some(at);
        }
        from = at + token.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
exercises:
  - id: a
    dose:
      hold: 30
      sets: 2
    muscles:
      primary: [glutes, hamstring]
    instructions:
      - first
      - second
  - id: b
    name: B
";

    #[test]
    fn finds_items_and_nested_keys() {
        let lines: Vec<&str> = DOC.lines().collect();
        assert_eq!(section_items(&lines, "exercises"), vec![1, 10]);
        let p = |path: &[Seg]| find_in_item(&lines, 1, path);
        assert_eq!(p(&[Seg::Key("id".into())]), (1, 4));
        assert_eq!(
            p(&[Seg::Key("dose".into()), Seg::Key("sets".into())]),
            (4, 6)
        );
        assert_eq!(p(&[Seg::Key("instructions".into()), Seg::Index(1)]), (9, 8));
        assert_eq!(
            p(&[
                Seg::Key("muscles".into()),
                Seg::Key("primary".into()),
                Seg::Index(1)
            ]),
            (6, 24)
        );
        assert_eq!(
            find_in_item(&lines, 10, &[Seg::Key("name".into())]),
            (11, 4)
        );
    }

    #[test]
    fn an_empty_token_is_not_searched_for() {
        let lines: Vec<&str> = DOC.lines().collect();
        assert_eq!(refine(&lines, (6, 0), ""), (6, 0));
    }

    #[test]
    fn refine_finds_whole_words_only() {
        let lines: Vec<&str> = DOC.lines().collect();
        assert_eq!(refine(&lines, (5, 0), "hamstring"), (6, 24));
        assert_eq!(refine(&lines, (1, 0), "glute"), (1, 0));
    }
}
