//! A place seen without an annotation (a [`Sighting`]) as the scan keeps it between runs: its
//! kind by id, read back against the kinds the part of the scan that found it reports.

use serde::{Deserialize, Serialize};

use crate::declaration::{Sighting, SightingContext, SightingKind};
use crate::foundation::diagnostic::Location;

/// A kept place.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct KeptSighting {
    kind: String,
    what: String,
    providers: Vec<String>,
    at: Location,
    package: String,
    context: SightingContext,
}

impl KeptSighting {
    pub(super) fn of(s: &Sighting) -> KeptSighting {
        KeptSighting {
            kind: s.kind.id.to_string(),
            what: s.what.clone(),
            providers: s.providers.clone(),
            at: s.at.clone(),
            package: s.package.clone(),
            context: s.context.clone(),
        }
    }

    /// The place, when its kind is one of `kinds`.
    pub(super) fn sighting(&self, kinds: &[SightingKind]) -> Option<Sighting> {
        Some(Sighting {
            kind: *kinds.iter().find(|k| k.id == self.kind)?,
            what: self.what.clone(),
            providers: self.providers.clone(),
            at: self.at.clone(),
            package: self.package.clone(),
            context: self.context.clone(),
        })
    }
}

/// Every place of `kept`, when each one's kind is one of `kinds`.
pub(super) fn sightings(kept: &[KeptSighting], kinds: &[SightingKind]) -> Option<Vec<Sighting>> {
    kept.iter().map(|k| k.sighting(kinds)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::Covering;

    const A: SightingKind = SightingKind {
        id: "a",
        description: "a",
        covered_by: Covering::File,
    };
    const B: SightingKind = SightingKind {
        id: "b",
        description: "b",
        covered_by: Covering::App,
    };

    #[test]
    fn a_place_reads_back_only_among_the_kinds_its_finder_reports() {
        let place = Sighting {
            kind: B,
            what: "www.googletagmanager.com".into(),
            providers: vec!["google-analytics".into()],
            at: Location::new("templates/page.html", 2, 14),
            package: "app".into(),
            context: SightingContext::Other,
        };
        let json = serde_json::to_string(&[KeptSighting::of(&place)]).unwrap();
        let kept: Vec<KeptSighting> = serde_json::from_str(&json).unwrap();
        let back = sightings(&kept, &[A, B]).unwrap();
        assert_eq!(back, [place]);
        assert_eq!(back[0].kind.covered_by, Covering::App);
        assert!(sightings(&kept, &[A]).is_none());
    }
}
