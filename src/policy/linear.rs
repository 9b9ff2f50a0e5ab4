//! The reference matcher: a linear scan in priority order.
//!
//! It is deliberately naive. Property tests and the `classifier_equivalence`
//! fuzz target compare [`super::compiled::CompiledMatcher`] against it.

use alloc::vec::Vec;

use super::filter::{FiveTuple, Rule, RuleId};
use super::RuleSetError;

/// A first-match classifier that checks every rule in id order.
#[derive(Debug, Clone, Default)]
pub struct LinearMatcher {
    rules: Vec<Rule>,
}

impl LinearMatcher {
    /// A matcher over `rules` (any order; sorted by id here).
    ///
    /// # Errors
    /// [`RuleSetError::DuplicateId`] when two rules share an id,
    /// [`RuleSetError::TooManyRules`] above [`super::MAX_RULES`].
    pub fn new(rules: &[Rule]) -> Result<Self, RuleSetError> {
        let sorted = super::sorted_unique(rules)?;
        Ok(LinearMatcher { rules: sorted })
    }

    /// The rules in priority order.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The id of the first (lowest-id) rule matching `k`.
    #[must_use]
    pub fn classify(&self, k: &FiveTuple) -> Option<RuleId> {
        self.rules
            .iter()
            .find(|r| r.filter.matches(k))
            .map(|r| r.id)
    }

    /// Adds a rule.
    ///
    /// # Errors
    /// [`RuleSetError::DuplicateId`] if the id is present,
    /// [`RuleSetError::TooManyRules`] when full.
    pub fn insert(&mut self, rule: Rule) -> Result<(), RuleSetError> {
        match self.rules.binary_search_by_key(&rule.id, |r| r.id) {
            Ok(_) => Err(RuleSetError::DuplicateId { id: rule.id.0 }),
            Err(_) if self.rules.len() >= super::MAX_RULES => Err(RuleSetError::TooManyRules {
                max: super::MAX_RULES,
            }),
            Err(at) => {
                self.rules.insert(at, rule);
                Ok(())
            }
        }
    }

    /// Removes the rule with this id; `false` if there was none.
    pub fn remove(&mut self, id: RuleId) -> bool {
        match self.rules.binary_search_by_key(&id, |r| r.id) {
            Ok(at) => {
                self.rules.remove(at);
                true
            }
            Err(_) => false,
        }
    }
}
