//! Resource families other than recording and casters: pull-stream
//! configs, snapshot detection, stream notify URLs, transcoding templates,
//! blocked (forbidden) streams and stream lists.

use crate::state::{Ctx, Out};

/// State of these families.
#[derive(Debug, Default)]
pub struct FamilyState {}

impl FamilyState {
    /// Runs `cx.action` if it belongs to one of these families, else `None`.
    pub fn dispatch(&mut self, cx: &Ctx<'_>) -> Option<Out> {
        let _ = cx;
        None
    }
}
