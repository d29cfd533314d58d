//! Command lines: words, `'quotes'`, `|` between commands, `&` at the end.

/// One parsed line.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// Nothing to do (blank, or `&` alone, as the course's shell ignores).
    Empty,
    /// Commands joined by `|`, each a non-empty list of words.
    Pipeline {
        stages: Vec<Vec<String>>,
        background: bool,
    },
    /// What the shell says instead of running it.
    Error(&'static str),
}

/// Splits `text` into words; `|` and `&` outside quotes are words of their
/// own. `None` for an unclosed quote.
fn words(text: &str) -> Option<Vec<(String, bool)>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '|' | '&' => {
                if in_word {
                    words.push((std::mem::take(&mut word), quoted));
                }
                words.push((c.to_string(), false));
                in_word = false;
                quoted = false;
            }
            c if c.is_ascii_whitespace() => {
                if in_word {
                    words.push((std::mem::take(&mut word), quoted));
                }
                in_word = false;
                quoted = false;
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push((word, quoted));
    }
    Some(words)
}

/// Parses one line (without its newline).
pub fn parse(text: &str) -> Line {
    let Some(mut words) = words(text) else {
        return Line::Error("tsh: unmatched '");
    };
    let operator = |w: &(String, bool), op: &str| !w.1 && w.0 == op;
    let background = words.last().is_some_and(|w| operator(w, "&"));
    if background {
        words.pop();
    }
    if words.is_empty() {
        return Line::Empty;
    }
    let mut stages = vec![Vec::new()];
    for word in words {
        if operator(&word, "&") {
            return Line::Error("tsh: '&' is only allowed at the end of a line");
        }
        if operator(&word, "|") {
            stages.push(Vec::new());
        } else if let Some(stage) = stages.last_mut() {
            stage.push(word.0);
        }
    }
    if stages.iter().any(Vec::is_empty) {
        return Line::Error("tsh: a command is missing around '|'");
    }
    Line::Pipeline { stages, background }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline(stages: &[&[&str]], background: bool) -> Line {
        Line::Pipeline {
            stages: stages
                .iter()
                .map(|s| s.iter().map(|w| w.to_string()).collect())
                .collect(),
            background,
        }
    }

    #[test]
    fn lines() {
        assert_eq!(parse(""), Line::Empty);
        assert_eq!(parse("  &"), Line::Empty);
        assert_eq!(parse("./myspin 1 &"), pipeline(&[&["./myspin", "1"]], true));
        assert_eq!(parse("./myspin 1&"), pipeline(&[&["./myspin", "1"]], true));
        assert_eq!(parse("a|b | c"), pipeline(&[&["a"], &["b"], &["c"]], false));
        assert_eq!(
            parse("echo 'a  |b' ''"),
            pipeline(&[&["echo", "a  |b", ""]], false)
        );
        assert!(matches!(parse("a | | b"), Line::Error(_)));
        assert!(matches!(parse("a & b"), Line::Error(_)));
        assert!(matches!(parse("echo 'x"), Line::Error(_)));
    }
}
