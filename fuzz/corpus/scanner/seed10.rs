//! An internal analytics library. With its `telemetry` feature it sends product events to
//! Mixpanel, and says so; an application that enables the feature gets the transmission in its
//! notice, naming this crate as where it is declared. Without the feature, nothing is sent and
//! nothing is declared.

/// A product event.
#[derive(Debug)]
pub struct Event {
    /// What happened.
    pub name: &'static str,
}

/// Records an event: sent to Mixpanel with the `telemetry` feature, dropped without it.
pub fn record(event: &Event) -> bool {
    #[cfg(feature = "telemetry")]
    {
        telemetry::send(event);
        true
    }
    #[cfg(not(feature = "telemetry"))]
    {
        let _ = event;
        false
    }
}

#[cfg(feature = "telemetry")]
mod telemetry;
