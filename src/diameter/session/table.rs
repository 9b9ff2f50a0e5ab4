//! A session table with a deadline index, so `poll_timeout` and
//! `handle_timeout` cost O(log n) instead of a scan of every session.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::common::SessionId;
use crate::time::Instant;

/// A value whose earliest deadline the table indexes.
pub(crate) trait Deadline: Copy {
    fn deadline(&self) -> Option<Instant>;
}

/// Sessions by Session-Id plus an ordered index of their deadlines. Values
/// are `Copy` and only replaced whole (`insert`), so the index can never go
/// stale.
#[derive(Debug, Clone)]
pub(crate) struct Table<V> {
    map: BTreeMap<SessionId, (V, Option<Instant>)>,
    index: BTreeSet<(Instant, SessionId)>,
}

impl<V: Deadline> Table<V> {
    pub(crate) fn new() -> Self {
        Table {
            map: BTreeMap::new(),
            index: BTreeSet::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub(crate) fn contains_key(&self, k: &SessionId) -> bool {
        self.map.contains_key(k)
    }

    pub(crate) fn get(&self, k: &SessionId) -> Option<V> {
        self.map.get(k).map(|(v, _)| *v)
    }

    pub(crate) fn insert(&mut self, k: SessionId, v: V) {
        let d = v.deadline();
        if let Some((_, Some(old))) = self.map.insert(k, (v, d)) {
            self.index.remove(&(old, k));
        }
        if let Some(d) = d {
            self.index.insert((d, k));
        }
    }

    pub(crate) fn remove(&mut self, k: &SessionId) -> Option<V> {
        let (v, d) = self.map.remove(k)?;
        if let Some(d) = d {
            self.index.remove(&(d, *k));
        }
        Some(v)
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &SessionId> {
        self.map.keys()
    }

    /// Session-Ids with a deadline, earliest first.
    pub(crate) fn by_deadline(&self) -> impl Iterator<Item = &SessionId> {
        self.index.iter().map(|(_, k)| k)
    }

    /// The earliest deadline of any session.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.index.first().map(|(t, _)| *t)
    }

    /// Sessions whose deadline is at or before `now`, earliest first.
    pub(crate) fn due(&self, now: Instant) -> Vec<SessionId> {
        self.index
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, k)| *k)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug)]
    struct D(Option<Instant>);
    impl Deadline for D {
        fn deadline(&self) -> Option<Instant> {
            self.0
        }
    }

    #[test]
    fn index_follows_replacements_and_removals() {
        let a = SessionId::new("a").unwrap();
        let b = SessionId::new("b").unwrap();
        let mut t = Table::new();
        t.insert(a, D(Some(Instant::from_secs(5))));
        t.insert(b, D(Some(Instant::from_secs(3))));
        assert_eq!(t.next_deadline(), Some(Instant::from_secs(3)));
        t.insert(b, D(None));
        assert_eq!(t.next_deadline(), Some(Instant::from_secs(5)));
        assert_eq!(t.due(Instant::from_secs(5)), [a]);
        t.remove(&a);
        assert_eq!(t.next_deadline(), None);
        assert_eq!(t.len(), 1);
    }
}
