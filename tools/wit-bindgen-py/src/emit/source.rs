//! Text helpers: indentation and docstrings.

/// Appends `line` at `indent` levels of four spaces, plus a newline.
pub fn line(out: &mut String, indent: usize, line: &str) {
    if !line.is_empty() {
        for _ in 0..indent {
            out.push_str("    ");
        }
        out.push_str(line);
    }
    out.push('\n');
}

/// Appends a docstring built from WIT doc lines (nothing if there are none).
pub fn docstring(out: &mut String, indent: usize, lines: &[String]) {
    if lines.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    line(out, indent, "\"\"\"");
    for l in lines {
        line(out, indent, &escape_doc(l));
    }
    line(out, indent, "\"\"\"");
}

/// Doc lines of WIT docs (`None` → no lines).
pub fn doc_lines(docs: &wit_parser::Docs) -> Vec<String> {
    match &docs.contents {
        Some(text) => text
            .trim_end()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// Makes a line safe inside a `"""` string.
fn escape_doc(line: &str) -> String {
    let escaped = line.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    if escaped.ends_with('"') {
        format!("{}\\\"", &escaped[..escaped.len() - 1])
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docstrings_are_escaped() {
        let mut out = String::new();
        docstring(
            &mut out,
            1,
            &["a \\d \"\"\" b".to_string(), "ends with \"".to_string()],
        );
        assert_eq!(
            out,
            "    \"\"\"\n    a \\\\d \\\"\\\"\\\" b\n    ends with \\\"\n    \"\"\"\n"
        );
        let mut none = String::new();
        docstring(&mut none, 0, &[]);
        assert!(none.is_empty());
    }
}
