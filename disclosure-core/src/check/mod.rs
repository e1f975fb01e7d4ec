//! Checks of the notice and the code behind it: Art. 27-12 completeness ([`completeness`]), whether
//! the built-in facts it prints carry a quoted source ([`evidence`]), the
//! organisation's policy ([`policy`]), the dependency graph's coverage ([`coverage`]), and whether
//! the committed outputs are fresh ([`staleness`]), whether a user template still prints what
//! the law requires ([`template`]), and whether the requests a program really makes are the ones
//! the notice declares ([`verify`]).

pub mod completeness;
pub mod coverage;
pub mod evidence;
pub mod policy;
pub mod staleness;
pub mod template;
pub mod verify;
