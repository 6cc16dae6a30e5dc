//! JSON samples in text copies: where a JSON value that starts on a line closes, and where
//! one that closes a line opens. Shared by the text readers.

/// Where a JSON value starting at line `start` closes: (line index, byte after the closing
/// bracket). `None` when the brackets do not balance before a line `stop` accepts (a heading)
/// or the end. Strings are skipped, so brackets inside them do not count.
pub fn json_end<S: AsRef<str>>(lines: &[S], start: usize, stop: &dyn Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut opened = false;
    for (k, line) in lines.iter().enumerate().skip(start) {
        let line = line.as_ref();
        if k > start && stop(line) {
            return None;
        }
        let mut in_string = false;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => {
                    depth += 1;
                    opened = true;
                }
                '}' | ']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 && opened {
                        return Some((k, i + 1));
                    }
                }
                _ if !opened && !c.is_whitespace() => return None,
                _ => {}
            }
        }
    }
    None
}

/// Where the JSON value that closes a line opens (brackets balanced, strings skipped).
pub fn json_start(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    // Walk backwards; a quote preceded by a backslash is escaped.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate().rev() {
        let escaped = n > 0 && chars[n - 1].1 == '\\';
        match c {
            '"' if !escaped => in_string = !in_string,
            '}' | ']' if !in_string => depth += 1,
            '{' | '[' if !in_string => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
