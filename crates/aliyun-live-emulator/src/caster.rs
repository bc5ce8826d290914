//! The caster (导播台) family: casters and their layouts, video resources,
//! components, episodes, programs, scenes and channels.

use crate::state::{Ctx, Out};

/// State of every caster of the account.
#[derive(Debug, Default)]
pub struct CasterState {}

impl CasterState {
    /// Runs `cx.action` if it belongs to this family, else `None`.
    pub fn dispatch(&mut self, cx: &Ctx<'_>) -> Option<Out> {
        let _ = cx;
        None
    }
}
