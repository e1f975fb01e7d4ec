//! What a type sends, available at run time at no cost: `T::DISCLOSURE` is a constant made of
//! `&'static` data, written by `#[derive(Disclose)]`.
//!
//! ```
//! use disclosure_core::{Disclose, Disclosure};
//!
//! struct PageView;
//! impl Disclose for PageView {
//!     const DISCLOSURE: Disclosure = Disclosure {
//!         provider: Some("google-analytics"),
//!         data: &["page_url"],
//!         purposes: &["analytics"],
//!         when: &[],
//!         nested: &[],
//!     };
//! }
//!
//! fn send<T: Disclose>(_event: &T, consented: &[&str]) -> bool {
//!     T::DISCLOSURE.provider.is_some_and(|p| consented.contains(&p))
//! }
//! assert!(send(&PageView, &["google-analytics"]));
//! assert!(PageView::DISCLOSURE.sends("page_url"));
//! ```

/// What a value of a type carries to whom, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disclosure {
    /// The recipient's provider id; `None` for a type only ever sent inside another one.
    pub provider: Option<&'static str>,
    /// The data items of the type's own fields.
    pub data: &'static [&'static str],
    /// The operator's purposes.
    pub purposes: &'static [&'static str],
    /// The condition ids the transmission is limited to (all of them hold); empty: always.
    pub when: &'static [&'static str],
    /// The disclosures of fields marked `#[disclose(nested)]`.
    pub nested: &'static [&'static Disclosure],
}

impl Disclosure {
    /// A disclosure of nothing.
    pub const EMPTY: Disclosure = Disclosure {
        provider: None,
        data: &[],
        purposes: &[],
        when: &[],
        nested: &[],
    };

    /// Whether the type carries the data item `id`, in its own fields or nested ones.
    pub fn sends(&self, id: &str) -> bool {
        self.data.contains(&id) || self.nested.iter().any(|n| n.sends(id))
    }

    /// Calls `f` with every data item, own fields first, then nested ones (an item may repeat).
    pub fn for_each_data_item(&self, f: &mut impl FnMut(&'static str)) {
        for item in self.data {
            f(item);
        }
        for nested in self.nested {
            nested.for_each_data_item(f);
        }
    }
}

/// A type whose values are sent off the device, and what they carry. Derive it with
/// `#[derive(Disclose)]`.
pub trait Disclose {
    /// What values of this type carry.
    const DISCLOSURE: Disclosure;
}

macro_rules! forward {
    ($($ty:ty),* $(,)?) => {
        $(impl<T: Disclose + ?Sized> Disclose for $ty {
            const DISCLOSURE: Disclosure = T::DISCLOSURE;
        })*
    };
}

forward!(&T, &mut T, Box<T>, std::rc::Rc<T>, std::sync::Arc<T>);

impl<T: Disclose> Disclose for Option<T> {
    const DISCLOSURE: Disclosure = T::DISCLOSURE;
}

impl<T: Disclose> Disclose for Vec<T> {
    const DISCLOSURE: Disclosure = T::DISCLOSURE;
}

impl<T: Disclose> Disclose for [T] {
    const DISCLOSURE: Disclosure = T::DISCLOSURE;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Device;
    impl Disclose for Device {
        const DISCLOSURE: Disclosure = Disclosure {
            data: &["os_type"],
            ..Disclosure::EMPTY
        };
    }

    struct Event;
    impl Disclose for Event {
        const DISCLOSURE: Disclosure = Disclosure {
            provider: Some("analytics"),
            data: &["page_url"],
            nested: &[&<Option<Device> as Disclose>::DISCLOSURE],
            ..Disclosure::EMPTY
        };
    }

    #[test]
    fn nested_items_are_reachable_without_allocation() {
        assert!(Event::DISCLOSURE.sends("os_type"));
        assert!(!Event::DISCLOSURE.sends("email_address"));
        let mut items = Vec::new();
        Event::DISCLOSURE.for_each_data_item(&mut |i| items.push(i));
        assert_eq!(items, ["page_url", "os_type"]);
    }
}
