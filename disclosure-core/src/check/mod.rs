//! Checks of the notice and the code behind it: the notice's lints ([`lints`]: Art. 27-12
//! completeness, wording, built-in facts without a quoted source), the
//! organisation's policy ([`policy`]), the dependency graph's coverage ([`coverage`]), and whether
//! the committed outputs are fresh ([`staleness`]), whether a user template still prints what
//! the law requires ([`template_omissions`]), and whether the requests a program really makes are the ones
//! the notice declares ([`verify`]).

pub mod coverage;
pub mod lints;
pub mod policy;
pub mod staleness;
pub mod template_omissions;
pub mod verify;
