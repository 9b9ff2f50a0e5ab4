//! The compiled multi-field matcher: HiCuts-style decision trees with
//! EffiCuts-style separation, plus an update overlay.
//!
//! # Algorithm (chosen by measurement, see `benches/classify.rs`)
//!
//! A small set is first compiled as one tree; if that tree would store more
//! than [`BuildConfig::single_tree_budget`] copies per rule, the attempt is
//! abandoned and the rules are split into [`PARTITIONS`] groups by whether their source and
//! destination address conditions are *wide* (prefix shorter than
//! [`BuildConfig::wide_len`]). Rules that are wide in a field would be copied
//! into every child when a tree cuts that field; separating them keeps the
//! trees small (EffiCuts' insight). Each group gets one decision tree:
//!
//! * an internal node cuts one field of its (power-of-two aligned) box into
//!   2^k equal children, so the child index is `(field >> shift) & mask`;
//!   the field and `k` are chosen to minimise the largest child while the
//!   total number of rule copies stays within `spfac · n + 2^k` (HiCuts);
//! * a rule that covers the whole box of a node hides every later rule there,
//!   so those are dropped (HiCuts' redundancy removal);
//! * adjacent children with identical rule lists share one subtree;
//! * a leaf holds at most [`BuildConfig::leaf_size`] rules (more only when no
//!   cut separates them), stored inline in priority order and scanned with an
//!   early exit at the best priority found so far.
//!
//! Measured on the shared ClassBench sets (on-CPU time, `tests/policy_tuning.rs`):
//! one HiCuts tree over acl10000 stores 3–54 million rule copies (0.1–2 GB,
//! 0.5–12 s to build) and takes 700–1300 ns per packet, while the separated
//! trees store 14–30 thousand copies (1–3 MB, under 30 ms) and take about
//! 100–160 ns; for acl100 one tree is about twice as fast as four.
//!
//! A lookup walks the trees in order of their best rule and skips a tree
//! whose best rule cannot beat the current answer.
//!
//! # Updates
//!
//! [`CompiledMatcher::remove`] marks an id dead in its layer (checked only
//! when a rule matches). [`CompiledMatcher::insert`] adds to a small sorted
//! overlay scanned after the trees; a full overlay is compiled into a *delta*
//! layer of trees, and the delta is folded into the *main* layer when it grows
//! past an eighth of it (an LSM-style scheme: the rebuild cost is amortised
//! over many updates).

use alloc::vec;
use alloc::vec::Vec;

use super::filter::{FiveTuple, Rule, RuleId};
use super::RuleSetError;

/// Number of rule groups (source wide × destination wide).
pub const PARTITIONS: usize = 4;
/// Deepest tree the builder makes; deeper subtrees become (large) leaves.
pub const MAX_TREE_DEPTH: usize = 48;
const DIMS: usize = 5;
const DIM_BITS: [u8; DIMS] = [32, 32, 16, 16, 8];
const LEAF: u32 = 1 << 31;

/// Tuning knobs of the tree builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildConfig {
    /// Largest leaf the builder aims for.
    pub leaf_size: usize,
    /// HiCuts space factor: a node's children may hold at most
    /// `spfac · n + 2^k` rule copies in total.
    pub spfac: usize,
    /// Most bits cut at one node (2^k children).
    pub max_cut_bits: u8,
    /// An address condition with a prefix shorter than this is *wide*.
    pub wide_len: u8,
    /// Whether to build one tree per wide/narrow group ([`PARTITIONS`]) or a
    /// single tree.
    pub separate: bool,
    /// Inserted rules kept outside the trees before they are compiled into
    /// the delta layer.
    pub overlay_max: usize,
    /// Drop the rules behind a rule that covers a node's whole box. Smaller
    /// trees, but removing such a covering rule rebuilds its layer.
    pub prune_covered: bool,
    /// First try one unseparated tree (space factor `single_spfac`) and keep
    /// it if it stores at most this many rule copies per rule; 0 disables
    /// the attempt. Small sets are fastest as one tree; large ones explode
    /// without separation, and the attempt is abandoned as soon as the
    /// budget is exceeded.
    pub single_tree_budget: usize,
    /// Space factor of the single-tree attempt.
    pub single_spfac: usize,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            leaf_size: 16,
            spfac: 2,
            max_cut_bits: 8,
            wide_len: 8,
            separate: true,
            overlay_max: 32,
            prune_covered: true,
            single_tree_budget: 4,
            single_spfac: 8,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    dim: u8,
    shift: u8,
    mask: u32,
    base: u32,
}

#[derive(Debug, Clone, Copy)]
struct Leaf {
    start: u32,
    end: u32,
}

/// A rule as stored in a leaf: compact, checked without branches.
#[derive(Debug, Clone, Copy)]
struct Entry {
    src: u32,
    smask: u32,
    dst: u32,
    dmask: u32,
    sp_lo: u16,
    sp_span: u16,
    dp_lo: u16,
    dp_span: u16,
    proto: u8,
    pmask: u8,
    id: u32,
}

impl Entry {
    fn new(r: &Rule) -> Self {
        let f = &r.filter;
        Entry {
            src: f.src.addr(),
            smask: f.src.mask(),
            dst: f.dst.addr(),
            dmask: f.dst.mask(),
            sp_lo: f.sport.lo(),
            sp_span: f.sport.hi() - f.sport.lo(),
            dp_lo: f.dport.lo(),
            dp_span: f.dport.hi() - f.dport.lo(),
            proto: f.proto.value(),
            pmask: f.proto.mask(),
            id: r.id.0,
        }
    }

    #[inline(always)]
    fn matches(&self, k: &FiveTuple) -> bool {
        let addr = ((k.src & self.smask) ^ self.src) | ((k.dst & self.dmask) ^ self.dst);
        let proto = (k.proto & self.pmask) ^ self.proto;
        (addr == 0)
            & (proto == 0)
            & (k.sport.wrapping_sub(self.sp_lo) <= self.sp_span)
            & (k.dport.wrapping_sub(self.dp_lo) <= self.dp_span)
    }
}

/// One decision tree.
#[derive(Debug, Clone, Default)]
struct Tree {
    nodes: Vec<Node>,
    children: Vec<u32>,
    leaves: Vec<Leaf>,
    entries: Vec<Entry>,
    root: u32,
    /// The best (lowest) rule id in the tree; `u64::MAX` when empty.
    min_id: u64,
    /// Ids of rules that hid later rules somewhere (sorted, unique).
    coverers: Vec<u32>,
}

impl Tree {
    #[inline]
    fn lookup(&self, k: &FiveTuple, mut best: u64, dead: &[u32]) -> u64 {
        if self.min_id >= best {
            return best;
        }
        let fields = [
            k.src,
            k.dst,
            u32::from(k.sport),
            u32::from(k.dport),
            u32::from(k.proto),
        ];
        let mut r = self.root;
        while r & LEAF == 0 {
            let Some(n) = self.nodes.get(r as usize) else {
                return best;
            };
            let v = fields.get(usize::from(n.dim)).copied().unwrap_or(0);
            let slot = n.base as usize + ((v >> n.shift) & n.mask) as usize;
            r = match self.children.get(slot) {
                Some(&c) => c,
                None => return best,
            };
        }
        let Some(leaf) = self.leaves.get((r & !LEAF) as usize) else {
            return best;
        };
        let entries = self
            .entries
            .get(leaf.start as usize..leaf.end as usize)
            .unwrap_or(&[]);
        for e in entries {
            if u64::from(e.id) >= best {
                break;
            }
            if e.matches(k) && (dead.is_empty() || dead.binary_search(&e.id).is_err()) {
                best = u64::from(e.id);
                break;
            }
        }
        best
    }

    fn memory(&self) -> usize {
        self.nodes.len() * core::mem::size_of::<Node>()
            + self.children.len() * 4
            + self.leaves.len() * core::mem::size_of::<Leaf>()
            + self.entries.len() * core::mem::size_of::<Entry>()
            + self.coverers.len() * 4
    }
}

/// A node's box: per field an aligned block `[base, base + 2^bits)`.
#[derive(Debug, Clone, Copy)]
struct Boxx {
    base: [u32; DIMS],
    bits: [u8; DIMS],
}

impl Boxx {
    fn hi(&self, d: usize) -> u32 {
        let span = if self.bits[d] >= 32 {
            u32::MAX
        } else {
            (1u32 << self.bits[d]) - 1
        };
        self.base[d] | span
    }
}

type Hull = [(u32, u32); DIMS];

fn hull_of(r: &Rule) -> Hull {
    let f = &r.filter;
    let (pl, ph) = (f.proto.value(), f.proto.value() | !f.proto.mask());
    [
        f.src.hull(),
        f.dst.hull(),
        (u32::from(f.sport.lo()), u32::from(f.sport.hi())),
        (u32::from(f.dport.lo()), u32::from(f.dport.hi())),
        (u32::from(pl), u32::from(ph)),
    ]
}

/// Whether the rule matches every point of its hull (contiguous masks).
fn hull_is_exact(r: &Rule) -> bool {
    let f = &r.filter;
    f.src.prefix_len().is_some()
        && f.dst.prefix_len().is_some()
        && f.proto.mask().leading_ones() == f.proto.mask().count_ones()
}

struct Builder<'a> {
    cfg: BuildConfig,
    rules: &'a [Rule],
    hulls: Vec<Hull>,
    exact: Vec<bool>,
    tree: Tree,
    /// Most rule copies the tree may store.
    budget: usize,
    /// Set when the budget was exceeded: the build is abandoned.
    over: bool,
}

impl Builder<'_> {
    fn leaf(&mut self, list: &[u32]) -> u32 {
        let start = self.tree.entries.len() as u32;
        for &i in list {
            if let Some(r) = self.rules.get(i as usize) {
                self.tree.entries.push(Entry::new(r));
            }
        }
        let end = self.tree.entries.len() as u32;
        if self.tree.entries.len() > self.budget {
            self.over = true;
        }
        self.tree.leaves.push(Leaf { start, end });
        LEAF | (self.tree.leaves.len() as u32 - 1)
    }

    fn covers(&self, i: u32, b: &Boxx) -> bool {
        let (Some(h), Some(&exact)) = (self.hulls.get(i as usize), self.exact.get(i as usize))
        else {
            return false;
        };
        exact && (0..DIMS).all(|d| h[d].0 <= b.base[d] && h[d].1 >= b.hi(d))
    }

    fn build(&mut self, mut list: Vec<u32>, b: Boxx, depth: usize) -> u32 {
        if self.over {
            return LEAF;
        }
        if self.cfg.prune_covered {
            if let Some(pos) = list.iter().position(|&i| self.covers(i, &b)) {
                if pos + 1 < list.len() {
                    list.truncate(pos + 1);
                    if let Some(r) = self.rules.get(list[pos] as usize) {
                        self.tree.coverers.push(r.id.0);
                    }
                }
            }
        }
        let n = list.len();
        if n <= self.cfg.leaf_size || depth >= MAX_TREE_DEPTH {
            return self.leaf(&list);
        }
        // Choose the cut: per field the largest k within the space budget,
        // then the field whose largest child is smallest.
        let mut best: Option<(usize, u8, usize, usize)> = None; // (dim, k, max, sum)
        let mut counts: Vec<i64> = Vec::new();
        for d in 0..DIMS {
            let bits = b.bits[d];
            let lo = b.base[d];
            let hi = b.hi(d);
            let mut chosen: Option<(u8, usize, usize)> = None;
            for k in 1..=self.cfg.max_cut_bits.min(bits) {
                let shift = bits - k;
                let nch = 1usize << k;
                counts.clear();
                counts.resize(nch + 1, 0);
                let mut sum = 0usize;
                for &i in &list {
                    let Some(h) = self.hulls.get(i as usize) else {
                        continue;
                    };
                    let a = ((h[d].0.max(lo) - lo) >> shift) as usize;
                    let z = ((h[d].1.min(hi) - lo) >> shift) as usize;
                    sum += z - a + 1;
                    if let Some(c) = counts.get_mut(a) {
                        *c += 1;
                    }
                    if let Some(c) = counts.get_mut(z + 1) {
                        *c -= 1;
                    }
                }
                if sum > self.cfg.spfac.saturating_mul(n).saturating_add(nch) {
                    break;
                }
                let mut run = 0i64;
                let mut max = 0i64;
                for c in counts.iter().take(nch) {
                    run += c;
                    max = max.max(run);
                }
                chosen = Some((k, max as usize, sum));
            }
            if let Some((k, max, sum)) = chosen {
                let better = match best {
                    None => true,
                    Some((_, _, bm, bs)) => max < bm || (max == bm && sum < bs),
                };
                if better {
                    best = Some((d, k, max, sum));
                }
            }
        }
        let Some((d, k, max, _)) = best else {
            return self.leaf(&list);
        };
        if max >= n {
            return self.leaf(&list);
        }
        let bits = b.bits[d];
        let shift = bits - k;
        let nch = 1usize << k;
        let lo = b.base[d];
        let hi = b.hi(d);
        let mut kids: Vec<Vec<u32>> = vec![Vec::new(); nch];
        for &i in &list {
            let Some(h) = self.hulls.get(i as usize) else {
                continue;
            };
            let a = ((h[d].0.max(lo) - lo) >> shift) as usize;
            let z = ((h[d].1.min(hi) - lo) >> shift) as usize;
            for kid in kids.iter_mut().take(z + 1).skip(a) {
                kid.push(i);
            }
        }
        drop(list);
        let node_at = self.tree.nodes.len() as u32;
        let base = self.tree.children.len() as u32;
        self.tree.nodes.push(Node {
            dim: d as u8,
            shift,
            mask: (nch - 1) as u32,
            base,
        });
        self.tree.children.resize(self.tree.children.len() + nch, 0);
        let mut prev: Option<(usize, u32)> = None;
        for c in 0..nch {
            let list = core::mem::take(&mut kids[c]);
            // A sibling's subtree is reused only when the same rules span
            // both boxes entirely along the cut field: then nothing below
            // (cuts, redundancy removal) can tell the two boxes apart.
            let c_lo = lo | ((c as u32) << shift);
            let c_hi = c_lo | ((1u64 << shift) - 1) as u32;
            let r = match prev {
                Some((p, r))
                    if kids_equal(&kids, p, &list)
                        && list.iter().all(|&i| {
                            self.hulls.get(i as usize).is_some_and(|h| {
                                h[d].0 <= lo | ((p as u32) << shift) && h[d].1 >= c_hi
                            })
                        }) =>
                {
                    r
                }
                _ => {
                    let mut cb = b;
                    cb.bits[d] = shift;
                    cb.base[d] = c_lo;
                    self.build(list.clone(), cb, depth + 1)
                }
            };
            // Keep the list to compare against the next sibling.
            kids[c] = list;
            if let Some((p, _)) = prev {
                if p != c {
                    kids[p] = Vec::new();
                }
            }
            prev = Some((c, r));
            if let Some(slot) = self.tree.children.get_mut(base as usize + c) {
                *slot = r;
            }
        }
        node_at
    }
}

fn kids_equal(kids: &[Vec<u32>], p: usize, list: &[u32]) -> bool {
    kids.get(p).is_some_and(|k| k.as_slice() == list)
}

fn build_tree(cfg: BuildConfig, rules: &[Rule], list: Vec<u32>, budget: usize) -> Option<Tree> {
    let min_id = list
        .first()
        .and_then(|&i| rules.get(i as usize))
        .map_or(u64::MAX, |r| u64::from(r.id.0));
    let mut b = Builder {
        cfg,
        rules,
        hulls: rules.iter().map(hull_of).collect(),
        exact: rules.iter().map(hull_is_exact).collect(),
        tree: Tree::default(),
        budget,
        over: false,
    };
    let root = b.build(
        list,
        Boxx {
            base: [0; DIMS],
            bits: DIM_BITS,
        },
        0,
    );
    if b.over {
        return None;
    }
    let mut tree = b.tree;
    tree.coverers.sort_unstable();
    tree.coverers.dedup();
    tree.root = root;
    tree.min_id = min_id;
    Some(tree)
}

/// Memory and shape of a compiled matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Live rules (trees and overlay).
    pub rules: usize,
    /// Trees built (main and delta layers).
    pub trees: usize,
    /// Internal nodes over all trees.
    pub nodes: usize,
    /// Leaves over all trees.
    pub leaves: usize,
    /// Rule copies stored in leaves.
    pub entries: usize,
    /// Rules in the delta layer.
    pub delta: usize,
    /// Rules whose removal forces a rebuild (they hide others in a tree).
    pub coverers: usize,
    /// Rules waiting in the overlay.
    pub overlay: usize,
    /// Heap bytes used by the matcher's tables.
    pub memory_bytes: usize,
}

/// A set of trees built together, and the ids removed since.
#[derive(Debug, Clone, Default)]
struct Layer {
    /// The rules of the build, sorted by id.
    rules: Vec<Rule>,
    trees: Vec<Tree>,
    /// Ids removed since the build, sorted.
    dead: Vec<u32>,
}

impl Layer {
    fn build(rules: Vec<Rule>, cfg: BuildConfig) -> Self {
        if cfg.single_tree_budget > 0 && !rules.is_empty() {
            let single = BuildConfig {
                spfac: cfg.single_spfac,
                ..cfg
            };
            let all = (0..rules.len() as u32).collect();
            let budget = rules.len().saturating_mul(cfg.single_tree_budget);
            if let Some(t) = build_tree(single, &rules, all, budget) {
                return Layer {
                    rules,
                    trees: alloc::vec![t],
                    dead: Vec::new(),
                };
            }
        }
        let mut groups: [Vec<u32>; PARTITIONS] = Default::default();
        for (i, r) in rules.iter().enumerate() {
            let g = if cfg.separate {
                let wide = |l: Option<u8>| l.is_none_or(|l| l < cfg.wide_len);
                usize::from(wide(r.filter.src.prefix_len()))
                    | usize::from(wide(r.filter.dst.prefix_len())) << 1
            } else {
                0
            };
            if let Some(grp) = groups.get_mut(g) {
                grp.push(i as u32);
            }
        }
        let mut trees: Vec<Tree> = groups
            .into_iter()
            .filter(|g| !g.is_empty())
            .filter_map(|g| build_tree(cfg, &rules, g, usize::MAX))
            .collect();
        trees.sort_by_key(|t| t.min_id);
        Layer {
            rules,
            trees,
            dead: Vec::new(),
        }
    }

    #[inline]
    fn lookup(&self, k: &FiveTuple, mut best: u64) -> u64 {
        for t in &self.trees {
            best = t.lookup(k, best, &self.dead);
        }
        best
    }

    fn contains(&self, id: RuleId) -> bool {
        self.rules.binary_search_by_key(&id, |r| r.id).is_ok()
            && self.dead.binary_search(&id.0).is_err()
    }

    /// Marks `id` removed; `None` if it is not live here, else whether the
    /// layer must be rebuilt (the rule hid others in a tree).
    fn kill(&mut self, id: RuleId) -> Option<bool> {
        if self.rules.binary_search_by_key(&id, |r| r.id).is_err() {
            return None;
        }
        match self.dead.binary_search(&id.0) {
            Ok(_) => None,
            Err(at) => {
                self.dead.insert(at, id.0);
                Some(
                    self.trees
                        .iter()
                        .any(|t| t.coverers.binary_search(&id.0).is_ok()),
                )
            }
        }
    }

    fn live_len(&self) -> usize {
        self.rules.len() - self.dead.len()
    }

    fn live(&self) -> impl Iterator<Item = Rule> + '_ {
        self.rules
            .iter()
            .filter(|r| self.dead.binary_search(&r.id.0).is_err())
            .copied()
    }

    fn add_stats(&self, s: &mut Stats) {
        s.trees += self.trees.len();
        s.memory_bytes += core::mem::size_of_val(self.rules.as_slice()) + self.dead.len() * 4;
        for t in &self.trees {
            s.coverers += t.coverers.len();
            s.nodes += t.nodes.len();
            s.leaves += t.leaves.len();
            s.entries += t.entries.len();
            s.memory_bytes += t.memory();
        }
    }
}

/// Smallest delta layer that forces a full rebuild.
pub const DELTA_MIN: usize = 1024;

/// The compiled first-match classifier.
///
/// Verdicts are identical to [`super::linear::LinearMatcher`] on the same
/// rules (property-tested).
///
/// Updates go through three tiers: a sorted overlay scanned linearly (at most
/// [`BuildConfig::overlay_max`] rules), a *delta* layer of trees rebuilt from
/// the overlay when it fills, and the *main* layer rebuilt from every live
/// rule when the delta outgrows `max(DELTA_MIN, main / 8)` or a quarter of
/// the main rules are dead. Removal marks an id dead in its layer.
#[derive(Debug, Clone)]
pub struct CompiledMatcher {
    cfg: BuildConfig,
    main: Layer,
    delta: Layer,
    /// Rules inserted since the last delta build, sorted by id.
    overlay: Vec<Rule>,
}

impl CompiledMatcher {
    /// Compiles `rules` (any order) with the default [`BuildConfig`].
    ///
    /// # Errors
    /// [`RuleSetError::DuplicateId`], [`RuleSetError::TooManyRules`].
    pub fn new(rules: &[Rule]) -> Result<Self, RuleSetError> {
        Self::with_config(rules, BuildConfig::default())
    }

    /// Compiles `rules` with an explicit configuration.
    ///
    /// # Errors
    /// [`RuleSetError::DuplicateId`], [`RuleSetError::TooManyRules`].
    pub fn with_config(rules: &[Rule], cfg: BuildConfig) -> Result<Self, RuleSetError> {
        let sorted = super::sorted_unique(rules)?;
        Ok(CompiledMatcher {
            cfg,
            main: Layer::build(sorted, cfg),
            delta: Layer::default(),
            overlay: Vec::new(),
        })
    }

    /// The id of the first (lowest-id) rule matching `k`.
    #[inline]
    #[must_use]
    pub fn classify(&self, k: &FiveTuple) -> Option<RuleId> {
        let mut best = self.main.lookup(k, u64::MAX);
        best = self.delta.lookup(k, best);
        for r in &self.overlay {
            if u64::from(r.id.0) >= best {
                break;
            }
            if r.filter.matches(k) {
                return Some(r.id);
            }
        }
        u32::try_from(best).ok().map(RuleId)
    }

    /// Adds a rule.
    ///
    /// # Errors
    /// [`RuleSetError::DuplicateId`] if a live rule has this id,
    /// [`RuleSetError::TooManyRules`] when full.
    pub fn insert(&mut self, rule: Rule) -> Result<(), RuleSetError> {
        if self.contains(rule.id) {
            return Err(RuleSetError::DuplicateId { id: rule.id.0 });
        }
        if self.len() >= super::MAX_RULES {
            return Err(RuleSetError::TooManyRules {
                max: super::MAX_RULES,
            });
        }
        let at = match self.overlay.binary_search_by_key(&rule.id, |r| r.id) {
            Ok(at) | Err(at) => at,
        };
        self.overlay.insert(at, rule);
        if self.overlay.len() > self.cfg.overlay_max {
            self.merge_overlay();
        }
        Ok(())
    }

    /// Removes the rule with this id; `false` if there was none.
    pub fn remove(&mut self, id: RuleId) -> bool {
        if let Ok(at) = self.overlay.binary_search_by_key(&id, |r| r.id) {
            self.overlay.remove(at);
            return true;
        }
        if let Some(must) = self.delta.kill(id) {
            if must || self.delta.dead.len() > self.cfg.overlay_max.max(self.delta.rules.len() / 2)
            {
                self.merge_overlay();
            }
            return true;
        }
        if let Some(must) = self.main.kill(id) {
            if must || self.main.dead.len() > self.cfg.overlay_max.max(self.main.rules.len() / 4) {
                self.rebuild();
            }
            return true;
        }
        false
    }

    fn merge_overlay(&mut self) {
        let mut rules: Vec<Rule> = self.delta.live().collect();
        rules.append(&mut self.overlay);
        rules.sort_unstable_by_key(|r| r.id);
        if rules.len() > DELTA_MIN.max(self.main.live_len() / 8) {
            self.delta = Layer::default();
            self.overlay = rules;
            self.rebuild();
        } else {
            self.delta = Layer::build(rules, self.cfg);
        }
    }

    /// Whether a live rule has this id.
    #[must_use]
    pub fn contains(&self, id: RuleId) -> bool {
        self.overlay.binary_search_by_key(&id, |r| r.id).is_ok()
            || self.delta.contains(id)
            || self.main.contains(id)
    }

    /// Number of live rules.
    #[must_use]
    pub fn len(&self) -> usize {
        self.main.live_len() + self.delta.live_len() + self.overlay.len()
    }

    /// Whether there are no live rules.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Recompiles everything into the main layer.
    pub fn rebuild(&mut self) {
        let mut live: Vec<Rule> = self.main.live().chain(self.delta.live()).collect();
        live.append(&mut self.overlay);
        live.sort_unstable_by_key(|r| r.id);
        self.main = Layer::build(live, self.cfg);
        self.delta = Layer::default();
    }

    /// Shape and memory use.
    #[must_use]
    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            rules: self.len(),
            delta: self.delta.live_len(),
            overlay: self.overlay.len(),
            memory_bytes: core::mem::size_of_val(self.overlay.as_slice()),
            ..Stats::default()
        };
        self.main.add_stats(&mut s);
        self.delta.add_stats(&mut s);
        s
    }
}
