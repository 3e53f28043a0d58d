//! The boolean expression over entity names that `podgraph episodes` takes
//! (`pytest AND (tox OR nox) AND NOT django`): its tokens, its parser and what it means for a
//! set of entities. Separate from where it is matched ([`super::proximity`]) because reading an
//! expression needs only names, and matching needs only entity indices.

use super::{Ambiguity, QueryError};
use crate::index::{IndexEntityId, QueryIndex};

/// A boolean expression over entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// This entity is mentioned.
    Entity(IndexEntityId),
    /// All of these hold.
    And(Vec<Expr>),
    /// Any of these holds.
    Or(Vec<Expr>),
    /// This does not hold.
    Not(Box<Expr>),
}

impl Expr {
    /// Whether the expression holds for a window that mentions exactly `present` (sorted).
    pub fn holds(&self, present: &[IndexEntityId]) -> bool {
        match self {
            Expr::Entity(e) => present.binary_search(e).is_ok(),
            Expr::And(all) => all.iter().all(|x| x.holds(present)),
            Expr::Or(any) => any.iter().any(|x| x.holds(present)),
            Expr::Not(x) => !x.holds(present),
        }
    }

    /// Whether the expression has no `NOT`: then if it holds for a window, it holds for the
    /// window's whole episode, and the postings can rule episodes out before they are read.
    pub fn is_monotone(&self) -> bool {
        match self {
            Expr::Entity(_) => true,
            Expr::And(xs) | Expr::Or(xs) => xs.iter().all(Expr::is_monotone),
            Expr::Not(_) => false,
        }
    }

    /// The entities the expression asks to be present (not under a NOT), in order, once each:
    /// the mentions a result shows.
    pub fn wanted(&self) -> Vec<IndexEntityId> {
        fn walk(expr: &Expr, negated: bool, out: &mut Vec<IndexEntityId>) {
            match expr {
                Expr::Entity(e) if !negated && !out.contains(e) => out.push(*e),
                Expr::Entity(_) => {}
                Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| walk(x, negated, out)),
                Expr::Not(x) => walk(x, !negated, out),
            }
        }
        let mut out = Vec::new();
        walk(self, false, &mut out);
        out
    }
}

/// Whether `text` is a boolean expression rather than one name: it has an operator word or a
/// parenthesis.
pub fn is_expression(text: &str) -> bool {
    text.contains(['(', ')', '&', '|', '!'])
        || text
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT"))
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Splits an expression into tokens. Operators: `AND`/`&&`/`&`, `OR`/`||`/`|`, `NOT`/`!`,
/// parentheses; the operator words only in capitals, so "black and white" stays a name. Names
/// are runs of other words ("Guido van Rossum"), or quoted (`"C++ AND more"`).
fn tokens(query: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    fn flush(words: &mut Vec<String>, out: &mut Vec<Token>) {
        if !words.is_empty() {
            out.push(Token::Name(words.join(" ")));
            words.clear();
        }
    }
    let mut chars = query.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' | ')' => {
                flush(&mut words, &mut out);
                out.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '&' | '|' => {
                if chars.peek().map(|&(_, n)| n) == Some(c) {
                    chars.next();
                }
                flush(&mut words, &mut out);
                out.push(if c == '&' { Token::And } else { Token::Or });
            }
            '!' => {
                flush(&mut words, &mut out);
                out.push(Token::Not);
            }
            '"' => {
                let rest = &query[i + 1..];
                let Some(end) = rest.find('"') else {
                    return Err(format!("unclosed quote at character {}", i + 1));
                };
                words.push(rest[..end].to_owned());
                for _ in rest[..=end].chars() {
                    chars.next();
                }
            }
            _ => {
                let start = i;
                let mut end = query.len();
                while let Some(&(j, n)) = chars.peek() {
                    if n.is_whitespace() || matches!(n, '(' | ')' | '&' | '|' | '!' | '"') {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                match &query[start..end] {
                    "AND" => {
                        flush(&mut words, &mut out);
                        out.push(Token::And);
                    }
                    "OR" => {
                        flush(&mut words, &mut out);
                        out.push(Token::Or);
                    }
                    "NOT" => {
                        flush(&mut words, &mut out);
                        out.push(Token::Not);
                    }
                    word => words.push(word.to_owned()),
                }
            }
        }
    }
    flush(&mut words, &mut out);
    Ok(out)
}

/// Parses a boolean expression of entity names, resolving each name in `index`.
///
/// Grammar (NOT binds tightest, then AND, then OR; a name next to a name is an error, so a
/// forgotten operator is not silently read as one long name):
///
/// ```text
/// expr := and ("OR" and)*      and := unary ("AND" unary)*
/// unary := "NOT" unary | "(" expr ")" | NAME
/// ```
pub fn parse(query: &str, index: &QueryIndex) -> Result<Expr, QueryError> {
    parse_noting(query, index).map(|(expr, _)| expr)
}

/// [`parse`], with the names of the expression that meant several entities.
pub fn parse_noting(query: &str, index: &QueryIndex) -> Result<(Expr, Vec<Ambiguity>), QueryError> {
    let syntax = |problem: String| QueryError::Syntax {
        query: query.to_owned(),
        problem,
    };
    let tokens = tokens(query).map_err(syntax)?;
    if tokens.is_empty() {
        return Err(syntax("it is empty".to_owned()));
    }
    let mut parser = Parser {
        query,
        tokens: &tokens,
        at: 0,
        index,
        depth: 0,
        notes: Vec::new(),
    };
    let expr = parser.or()?;
    if parser.at < tokens.len() {
        let problem = match &tokens[parser.at] {
            Token::Close => "a ')' without its '('".to_owned(),
            other => format!("unexpected {} after a complete expression", describe(other)),
        };
        return Err(syntax(problem));
    }
    Ok((expr, parser.notes))
}

fn describe(token: &Token) -> String {
    match token {
        Token::Name(n) => format!("name '{n}'"),
        Token::And => "AND".to_owned(),
        Token::Or => "OR".to_owned(),
        Token::Not => "NOT".to_owned(),
        Token::Open => "'('".to_owned(),
        Token::Close => "')'".to_owned(),
    }
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 100;

struct Parser<'a> {
    query: &'a str,
    tokens: &'a [Token],
    at: usize,
    index: &'a QueryIndex,
    depth: usize,
    /// Names that meant several entities.
    notes: Vec<Ambiguity>,
}

impl Parser<'_> {
    fn syntax(&self, problem: String) -> QueryError {
        QueryError::Syntax {
            query: self.query.to_owned(),
            problem,
        }
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut terms = vec![self.and()?];
        while self.tokens.get(self.at) == Some(&Token::Or) {
            self.at += 1;
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut terms = vec![self.unary()?];
        while self.tokens.get(self.at) == Some(&Token::And) {
            self.at += 1;
            terms.push(self.unary()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::And(terms)
        })
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(format!("nested more than {MAX_DEPTH} deep")));
        }
        let result = match self.tokens.get(self.at) {
            None => Err(self.syntax("it ends where a name was expected".to_owned())),
            Some(Token::Not) => {
                self.at += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                if self.tokens.get(self.at) == Some(&Token::Close) {
                    self.at += 1;
                    Ok(inner)
                } else {
                    Err(self.syntax("a '(' is never closed".to_owned()))
                }
            }
            Some(Token::Name(name)) => {
                self.at += 1;
                let (entity, ambiguity) = self.index.resolve_noting(name)?;
                self.notes.extend(ambiguity);
                Ok(Expr::Entity(entity))
            }
            Some(other) => {
                Err(self.syntax(format!("{} where a name was expected", describe(other))))
            }
        };
        self.depth -= 1;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::index;

    #[test]
    fn expressions_parse_with_precedence_and_names_of_several_words() {
        let index = index();
        let e = |n| Expr::Entity(IndexEntityId::new(n));
        let cases = [
            ("a", e(0)),
            ("ALPHA", e(0)),
            (
                "a AND b OR c",
                Expr::Or(vec![Expr::And(vec![e(0), e(1)]), e(2)]),
            ),
            (
                "a AND (b OR c)",
                Expr::And(vec![e(0), Expr::Or(vec![e(1), e(2)])]),
            ),
            (
                "NOT a AND b",
                Expr::And(vec![Expr::Not(Box::new(e(0))), e(1)]),
            ),
            (
                "a && !b || c",
                Expr::Or(vec![Expr::And(vec![e(0), Expr::Not(Box::new(e(1)))]), e(2)]),
            ),
            ("guido van rossum AND a", Expr::And(vec![e(3), e(0)])),
            ("\"Guido van Rossum\" | b", Expr::Or(vec![e(3), e(1)])),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, &index), Ok(expected), "{text}");
        }
    }

    #[test]
    fn bad_expressions_say_what_is_wrong() {
        let index = index();
        let cases = [
            ("", "it is empty"),
            ("(a AND b", "a '(' is never closed"),
            ("a AND b)", "a ')' without its '('"),
            ("a AND", "it ends where a name was expected"),
            ("AND a", "AND where a name was expected"),
            ("a (b)", "unexpected '(' after a complete expression"),
            ("\"a AND b", "unclosed quote at character 1"),
        ];
        for (text, problem) in cases {
            match parse(text, &index) {
                Err(QueryError::Syntax { problem: got, .. }) => assert_eq!(got, problem, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        let deep = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert!(matches!(
            parse(&deep, &index),
            Err(QueryError::Syntax { .. })
        ));
        assert_eq!(
            parse("zzz", &index),
            Err(QueryError::Unknown {
                name: "zzz".to_owned(),
                suggestions: Vec::new()
            })
        );
    }

    #[test]
    fn lower_case_operator_words_are_part_of_names() {
        assert!(!is_expression("black and white"));
        assert!(is_expression("black AND white"));
        assert!(is_expression("(pytest)"));
    }
}
