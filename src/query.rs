//! Queries over the saved index: which episodes mention X and Y (or a boolean expression of
//! entities), who is associated with X, the chain of co-mentions linking two entities, the most
//! mentioned entities, and an entity's profile and timeline.
//!
//! Everything here reads a [`QueryIndex`]; nothing reads transcripts. Costs are per query:
//! resolving a name is `O(entities · aliases)`, [`episodes_matching`] `O(M)` for `M` mentions
//! (`O(M · k)` with a sliding time window holding `k` mentions), [`neighbors`] `O(E)`, [`path`]
//! `O(V + E)`.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{Kind, NameRequest, alias_key, named_entity};
use crate::graph::Window;
use crate::index::{IndexError, IndexMention, IndexedMentions, QueryIndex};

/// Why a query could not run.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A name that is no entity's id, name or alias.
    #[error("unknown entity '{name}'{}", did_you_mean(.suggestions))]
    Unknown {
        /// The name as given.
        name: String,
        /// Similar names, best first.
        suggestions: Vec<String>,
    },
    /// An expression that does not parse.
    #[error("cannot read the query '{query}': {problem}")]
    Syntax {
        /// The whole expression.
        query: String,
        /// What is wrong, and where.
        problem: String,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean '{one}'?"),
        many => format!(
            "; did you mean {}?",
            many.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A name that could mean several entities: the one chosen (the most mentioned) and the others,
/// most mentioned first, so that a user is told rather than silently given one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The name as given.
    pub name: String,
    /// The entity chosen.
    pub chosen: u32,
    /// The other entities the name is an id, name or alias of.
    pub others: Vec<u32>,
}

impl Ambiguity {
    /// One line for standard error: "threads: the concept Threads (439 mentions); also the
    /// software Threads (0 mentions): use `software:threads`".
    pub fn describe(&self, index: &QueryIndex) -> String {
        let chosen = &index.entities[self.chosen as usize];
        let others: Vec<String> = self
            .others
            .iter()
            .take(3)
            .map(|&o| {
                let e = &index.entities[o as usize];
                // A kind prefix tells them apart unless they share the kind: then the id does.
                let how = if e.kind == chosen.kind {
                    format!("id:{}", e.id)
                } else {
                    format!("{}:{}", e.kind.name(), self.name)
                };
                format!(
                    "the {} {} ({} mentions): use `{how}`",
                    e.kind.name(),
                    e.name,
                    e.mentions
                )
            })
            .collect();
        let more = self.others.len().saturating_sub(3);
        format!(
            "{}: the {} {} ({} mentions); also {}{}",
            self.name,
            chosen.kind.name(),
            chosen.name,
            chosen.mentions,
            others.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        )
    }
}

named_entity!(crate::index::IndexEntity);

impl QueryIndex {
    /// The entity called `name`; see [`QueryIndex::resolve_noting`].
    pub fn resolve(&self, name: &str) -> Result<u32, QueryError> {
        self.resolve_noting(name).map(|(entity, _)| entity)
    }

    /// The entity called `name` — an id, display name or alias, ignoring case and typography —
    /// and, when the name means several entities, which others it could be. Among the entities
    /// the name is an id, name or alias of (or, failing those, an ambiguous alias of), the most
    /// mentioned wins: "threads" is the concept said in 117 episodes, not an app never named.
    /// `kind:name` ("software:threads") looks among one kind only, `id:x` at ids only.
    /// `O(entities · aliases)`.
    pub fn resolve_noting(&self, name: &str) -> Result<(u32, Option<Ambiguity>), QueryError> {
        let request = NameRequest::parse(name);
        let found = request.find(&self.entities, |e| u64::from(e.mentions));
        let Some((chosen, others)) = found else {
            return Err(QueryError::Unknown {
                name: name.to_owned(),
                suggestions: self.suggest(request.key()),
            });
        };
        let ambiguity = (!others.is_empty()).then(|| Ambiguity {
            name: name.to_owned(),
            chosen: chosen as u32,
            others: others.into_iter().map(|o| o as u32).collect(),
        });
        Ok((chosen as u32, ambiguity))
    }

    /// Up to three display names that look like `key`, most similar first.
    fn suggest(&self, key: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = self
            .entities
            .iter()
            .filter_map(|e| {
                let best = std::iter::once(&e.id)
                    .chain(std::iter::once(&e.name))
                    .chain(&e.aliases)
                    .map(|n| strsim::jaro_winkler(key, &alias_key(n)))
                    .fold(0.0, f64::max);
                (best >= 0.85).then_some((best, e.name.as_str()))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let mut names: Vec<String> = Vec::new();
        for (_, name) in scored {
            if !names.iter().any(|n| n == name) && names.len() < 3 {
                names.push(name.to_owned());
            }
        }
        names
    }
}

/// A boolean expression over entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// The entity with this index is mentioned.
    Entity(u32),
    /// All of these hold.
    And(Vec<Expr>),
    /// Any of these holds.
    Or(Vec<Expr>),
    /// This does not hold.
    Not(Box<Expr>),
}

impl Expr {
    /// Whether the expression holds for a window that mentions exactly `present` (sorted).
    pub fn holds(&self, present: &[u32]) -> bool {
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
    pub fn wanted(&self) -> Vec<u32> {
        fn walk(expr: &Expr, negated: bool, out: &mut Vec<u32>) {
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

/// What counts as "together" in a query. Written like the graph's [`Window`] (`episode`,
/// `segment`, `60`), with another meaning for a number: mentions within `n` seconds of one
/// another (a sliding window), where the graph counts fixed buckets of `n` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proximity {
    /// Anywhere in the same episode.
    Episode,
    /// In the same segment.
    Segment,
    /// Within this many seconds of one another.
    Within(u64),
}

impl std::fmt::Display for Proximity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Proximity::Episode => Window::Episode.fmt(f),
            Proximity::Segment => Window::Segment.fmt(f),
            Proximity::Within(n) => Window::Seconds(*n).fmt(f),
        }
    }
}

impl std::str::FromStr for Proximity {
    type Err = String;

    /// `episode`, `segment`, or a number of seconds (`60`, `60s`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.parse::<Window>()? {
            Window::Episode => Proximity::Episode,
            Window::Segment => Proximity::Segment,
            Window::Seconds(n) => Proximity::Within(n),
        })
    }
}

/// An episode that satisfies a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeHit {
    /// Index into [`QueryIndex::episodes`].
    pub episode: usize,
    /// The episode's mentions, as read from the index.
    pub read: IndexedMentions,
    /// The mentions of the wanted entities that make it a hit (indices into `read.mentions`,
    /// in text order): all of them for [`Proximity::Episode`], those in satisfying windows
    /// otherwise.
    pub mentions: Vec<usize>,
}

/// The episodes where `expr` holds, in corpus order.
///
/// With a [`Proximity`] narrower than the episode, the expression must hold for one window: one
/// segment, or the mentions from one mention to `N` seconds after it. Windows are anchored at
/// the mentions of the expression's own entities, and other entities are ignored (they cannot
/// change its truth), unless the expression holds for a window with none of its entities
/// (`NOT python`), in which case every mention anchors a window.
///
/// Cost: the postings of the named entities decide which episodes can hold the expression (for
/// an expression without `NOT`, it must hold for the episode's whole set of entities); only
/// those episodes' mentions are read. `O(P + Σ m log m)` for `P` postings and `m` mentions of
/// each episode read.
pub fn episodes_matching(
    index: &QueryIndex,
    expr: &Expr,
    proximity: Proximity,
) -> Result<Vec<EpisodeHit>, IndexError> {
    let wanted = expr.wanted();
    let mut named = Vec::new();
    collect_entities(expr, &mut named);
    let vacuous = expr.holds(&[]);
    let candidates: Vec<usize> = if vacuous || !expr.is_monotone() {
        (0..index.episodes.len()).collect()
    } else {
        // Which named entities each episode mentions, from their postings.
        let mut present: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &e in &named {
            for (episode, _) in index.postings(e)? {
                present.entry(episode).or_default().push(e);
            }
        }
        present
            .into_iter()
            .filter(|(_, entities)| expr.holds(entities))
            .map(|(episode, _)| episode as usize)
            .collect()
    };
    let mut hits = Vec::new();
    let mut present: Vec<u32> = Vec::new();
    for episode in candidates {
        let read = index.episode_mentions(episode)?;
        let mentions = &read.mentions;
        let relevant: Vec<usize> = (0..mentions.len())
            .filter(|&i| vacuous || named.binary_search(&mentions[i].entity).is_ok())
            .collect();
        let mut chosen: BTreeSet<usize> = BTreeSet::new();
        let mut window = |members: &[usize]| {
            present.clear();
            present.extend(members.iter().map(|&i| mentions[i].entity));
            present.sort_unstable();
            present.dedup();
            let holds = expr.holds(&present);
            if holds {
                chosen.extend(
                    members
                        .iter()
                        .filter(|&&i| wanted.contains(&mentions[i].entity))
                        .copied(),
                );
            }
            holds
        };
        let mut matched = false;
        match proximity {
            Proximity::Episode => matched = window(&relevant),
            Proximity::Segment => {
                for group in segment_groups(mentions, relevant) {
                    matched |= window(&group);
                }
            }
            Proximity::Within(seconds) => {
                let span = seconds.saturating_mul(1000);
                let (mut timed, untimed): (Vec<usize>, Vec<usize>) = relevant
                    .into_iter()
                    .partition(|&i| mentions[i].start_ms.is_some());
                let time = |i: usize| mentions[i].start_ms.unwrap_or(0);
                timed.sort_by_key(|&i| (time(i), i));
                let mut end = 0;
                for k in 0..timed.len() {
                    end = end.max(k);
                    while end + 1 < timed.len() && time(timed[end + 1]) <= time(timed[k]) + span {
                        end += 1;
                    }
                    matched |= window(&timed[k..=end]);
                }
                for group in segment_groups(mentions, untimed) {
                    matched |= window(&group);
                }
            }
        }
        if matched {
            let mentions = chosen.into_iter().collect();
            hits.push(EpisodeHit {
                episode,
                read,
                mentions,
            });
        }
    }
    Ok(hits)
}

/// Every entity an expression names, sorted, once each.
fn collect_entities(expr: &Expr, out: &mut Vec<u32>) {
    match expr {
        Expr::Entity(e) => {
            if let Err(at) = out.binary_search(e) {
                out.insert(at, *e);
            }
        }
        Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| collect_entities(x, out)),
        Expr::Not(x) => collect_entities(x, out),
    }
}

/// The `positions` (ascending, so each segment's are consecutive) of `mentions`, grouped by
/// segment.
fn segment_groups(
    mentions: &[IndexMention],
    positions: impl IntoIterator<Item = usize>,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in positions {
        match groups.last_mut() {
            Some(group) if mentions[group[0]].segment == mentions[i].segment => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

/// An entity associated with another.
#[derive(Clone, Debug, PartialEq)]
pub struct Neighbor {
    /// The neighbour's index.
    pub entity: u32,
    /// Windows shared.
    pub weight: u32,
    /// NPMI of the pair.
    pub npmi: f64,
    /// Index into [`QueryIndex::edges`].
    pub edge: usize,
}

/// How to rank neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rank {
    /// By shared windows, then NPMI.
    Weight,
    /// By NPMI, then shared windows.
    Npmi,
}

/// The entities mentioned together with `entity` at least `min_weight` times, best first by
/// `rank` (ties by id). `O(E log E)`.
pub fn neighbors(
    index: &QueryIndex,
    entity: u32,
    rank: Rank,
    min_weight: u32,
) -> Result<Vec<Neighbor>, IndexError> {
    let mut out: Vec<Neighbor> = index
        .edges()?
        .iter()
        .enumerate()
        .filter(|(_, e)| (e.a == entity || e.b == entity) && e.weight >= min_weight)
        .map(|(i, e)| Neighbor {
            entity: if e.a == entity { e.b } else { e.a },
            weight: e.weight,
            npmi: e.npmi,
            edge: i,
        })
        .collect();
    out.sort_by(|x, y| {
        let order = match rank {
            Rank::Weight => y.weight.cmp(&x.weight).then(y.npmi.total_cmp(&x.npmi)),
            Rank::Npmi => y.npmi.total_cmp(&x.npmi).then(y.weight.cmp(&x.weight)),
        };
        order.then_with(|| {
            index.entities[x.entity as usize]
                .id
                .cmp(&index.entities[y.entity as usize].id)
        })
    });
    Ok(out)
}

/// The shortest chain of co-mentions from `from` to `to`, as entity indices, avoiding the
/// entities in `avoid` (unless they are an end), or `None` if they are not connected.
///
/// Among chains of the fewest hops, the one with the most shared windows in total is chosen,
/// ties broken by entity order, so the answer is the strongest shortest chain and always the
/// same. Breadth-first search plus one pass over the layers: `O(V + E)`.
pub fn path(
    index: &QueryIndex,
    from: u32,
    to: u32,
    avoid: &[u32],
) -> Result<Option<Vec<u32>>, IndexError> {
    let n = index.entities.len();
    let mut adjacency: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    let usable = |e: u32| e == from || e == to || !avoid.contains(&e);
    for edge in index.edges()? {
        if usable(edge.a) && usable(edge.b) {
            adjacency[edge.a as usize].push((edge.b, edge.weight));
            adjacency[edge.b as usize].push((edge.a, edge.weight));
        }
    }
    let mut distance = vec![u32::MAX; n];
    // The best total weight of a shortest chain reaching each node, and where it came from.
    let mut best: Vec<(u64, u32)> = vec![(0, u32::MAX); n];
    distance[from as usize] = 0;
    let mut layer = vec![from];
    while !layer.is_empty() && distance[to as usize] == u32::MAX {
        let mut next: Vec<u32> = Vec::new();
        layer.sort_unstable();
        for &v in &layer {
            for &(w, weight) in &adjacency[v as usize] {
                let d = distance[v as usize] + 1;
                if distance[w as usize] == u32::MAX {
                    distance[w as usize] = d;
                    next.push(w);
                }
                if distance[w as usize] == d {
                    let total = best[v as usize].0 + u64::from(weight);
                    let current = best[w as usize];
                    if current.1 == u32::MAX
                        || total > current.0
                        || (total == current.0 && v < current.1)
                    {
                        best[w as usize] = (total, v);
                    }
                }
            }
        }
        layer = next;
    }
    if distance[to as usize] == u32::MAX {
        return Ok(None);
    }
    let mut chain = vec![to];
    let mut at = to;
    while at != from {
        at = best[at as usize].1;
        chain.push(at);
    }
    chain.reverse();
    Ok(Some(chain))
}

/// A hub is co-mentioned with more than this share of the entities mentioned anywhere: in a
/// Python show, "Python" (72 %), the hosts and the show itself. A chain through a hub says
/// nothing ("bokeh – Python – asyncio"), so [`path`]'s callers avoid hubs by default.
pub const HUB_SHARE: f64 = 0.25;

/// The tag of sponsor reads' entities (Patreon, Datadog, ...), which users may hide.
pub const SPONSOR_TAG: &str = "sponsor";

/// The hubs of the index (see [`HUB_SHARE`]), in entity order. `O(V + E)`.
pub fn hubs(index: &QueryIndex) -> Result<Vec<u32>, IndexError> {
    let mut degree = vec![0usize; index.entities.len()];
    for edge in index.edges()? {
        degree[edge.a as usize] += 1;
        degree[edge.b as usize] += 1;
    }
    let mentioned = index.entities.iter().filter(|e| e.mentions > 0).count();
    let limit = HUB_SHARE * mentioned.saturating_sub(1) as f64;
    Ok((0..index.entities.len() as u32)
        .filter(|&e| degree[e as usize] as f64 > limit)
        .collect())
}

/// The entities tagged `tag`, in entity order. `O(V)`.
pub fn tagged(index: &QueryIndex, tag: &str) -> Vec<u32> {
    (0..index.entities.len() as u32)
        .filter(|&e| index.entities[e as usize].tags.iter().any(|t| t == tag))
        .collect()
}

/// The edge between two entities, if any.
pub fn edge_between(index: &QueryIndex, a: u32, b: u32) -> Result<Option<usize>, IndexError> {
    let (a, b) = (a.min(b), a.max(b));
    Ok(index.edges()?.iter().position(|e| e.a == a && e.b == b))
}

/// The `n` most mentioned entities (of `kind`, if given), most mentioned first (ties by id).
pub fn top(index: &QueryIndex, kind: Option<Kind>, n: usize) -> Vec<u32> {
    let mut ranked: Vec<u32> = (0..index.entities.len() as u32)
        .filter(|&e| {
            let entity = &index.entities[e as usize];
            entity.mentions > 0 && kind.is_none_or(|k| entity.kind == k)
        })
        .collect();
    ranked.sort_by(|&a, &b| {
        let (a, b) = (&index.entities[a as usize], &index.entities[b as usize]);
        b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id))
    });
    ranked.truncate(n);
    ranked
}

/// How often each episode mentions `entity`: `(episode index, mentions)` in corpus order, for
/// the episodes that do; its postings, one read.
pub fn timeline(index: &QueryIndex, entity: u32) -> Result<Vec<(usize, usize)>, IndexError> {
    Ok(index
        .postings(entity)?
        .into_iter()
        .map(|(episode, n)| (episode as usize, n as usize))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{IndexEdge, IndexEntity, IndexEpisode};

    fn entity(id: &str, aliases: &[&str]) -> IndexEntity {
        IndexEntity {
            id: id.to_owned(),
            name: id.to_uppercase(),
            kind: Kind::Package,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ambiguous_aliases: Vec::new(),
            tags: Vec::new(),
            mentions: 1,
            episodes: 1,
            pagerank: 0.0,
            betweenness: 0.0,
            community: Some(0),
            postings: (0, 0),
        }
    }

    fn mention(entity: u32, segment: u32, start_s: Option<u64>) -> IndexMention {
        IndexMention {
            entity,
            segment,
            start_ms: start_s.map(|s| s * 1000),
            speaker: None,
            snippet: [0, 0, 0, 0],
        }
    }

    /// Entities a, b, c, "guido van rossum"; episode 0: a and b 90 s apart, c with a in one
    /// segment; episode 1: b only (untimed); edges a–b (5), b–c (1), c–d (2).
    fn index() -> QueryIndex {
        let episode = |id: &str| IndexEpisode {
            id: id.to_owned(),
            show: None,
            number: None,
            title: None,
            date: None,
            source_path: String::new(),
            mentions: (0, 0),
            text: (0, 0),
        };
        let edge = |a, b, weight| {
            let edge = IndexEdge {
                a,
                b,
                weight,
                npmi: f64::from(weight) / 10.0,
                episodes: (0, 0),
            };
            (edge, Vec::new())
        };
        QueryIndex::from_parts(
            "test",
            "60s",
            vec![
                entity("a", &["alpha"]),
                entity("b", &[]),
                entity("c", &[]),
                entity("d", &["Guido van Rossum"]),
            ],
            vec![
                (
                    episode("e0"),
                    vec![
                        mention(0, 0, Some(0)),
                        mention(2, 0, Some(0)),
                        mention(1, 1, Some(90)),
                    ],
                    String::new(),
                ),
                (episode("e1"), vec![mention(1, 0, None)], String::new()),
            ],
            vec![edge(0, 1, 5), edge(1, 2, 1), edge(2, 3, 2)],
            Vec::new(),
        )
        .unwrap()
    }

    #[test]
    fn expressions_parse_with_precedence_and_names_of_several_words() {
        let index = index();
        let e = Expr::Entity;
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

    #[test]
    fn proximity_decides_which_episodes_match() {
        let index = index();
        let both = Expr::And(vec![Expr::Entity(0), Expr::Entity(1)]);
        let episodes = |expr: &Expr, p| -> Vec<usize> {
            episodes_matching(&index, expr, p)
                .unwrap()
                .iter()
                .map(|h| h.episode)
                .collect()
        };
        assert_eq!(episodes(&both, Proximity::Episode), [0]);
        assert_eq!(episodes(&both, Proximity::Segment), Vec::<usize>::new());
        assert_eq!(episodes(&both, Proximity::Within(60)), Vec::<usize>::new());
        assert_eq!(episodes(&both, Proximity::Within(90)), [0]);
        let a_and_c = Expr::And(vec![Expr::Entity(0), Expr::Entity(2)]);
        assert_eq!(episodes(&a_and_c, Proximity::Segment), [0]);
        // The hit lists the wanted mentions of the windows that hold, not the others.
        let hits = episodes_matching(&index, &a_and_c, Proximity::Segment).unwrap();
        assert_eq!(hits[0].mentions, [0, 1]);
        assert_eq!(episodes(&Expr::Entity(1), Proximity::Segment), [0, 1]);
        let not_a = Expr::Not(Box::new(Expr::Entity(0)));
        assert_eq!(episodes(&not_a, Proximity::Episode), [1]);
    }

    #[test]
    fn path_takes_the_fewest_hops_and_can_avoid_entities() {
        let index = index();
        assert_eq!(path(&index, 0, 3, &[]).unwrap(), Some(vec![0, 1, 2, 3]));
        assert_eq!(path(&index, 0, 3, &[2]).unwrap(), None);
        assert_eq!(path(&index, 2, 2, &[]).unwrap(), Some(vec![2]));
        assert_eq!(edge_between(&index, 2, 1).unwrap(), Some(1));
    }

    #[test]
    fn neighbors_rank_by_weight_or_npmi() {
        let index = index();
        let ids = |rank| -> Vec<u32> {
            neighbors(&index, 2, rank, 1)
                .unwrap()
                .iter()
                .map(|n| n.entity)
                .collect()
        };
        assert_eq!(ids(Rank::Weight), [3, 1]);
        assert_eq!(neighbors(&index, 2, Rank::Weight, 2).unwrap().len(), 1);
    }
}
