//! One request as the recorder of the facade's gate writes it and `cargo disclosure verify
//! --observed` reads it: a JSON object per line.

use serde::{Deserialize, Serialize};

/// One recorded request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedLine {
    /// The method (`GET`, `POST`).
    pub method: String,
    /// The URL, as requested.
    pub url: String,
    /// The body's content type, when it has a body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body, when it is text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// What made the request (a script and line), when the recorder knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<String>,
    /// The providers the user had opted out of when it was sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opted_out: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_written() {
        let line = RecordedLine {
            method: "POST".into(),
            url: "https://a.example/g".into(),
            content_type: Some("application/json".into()),
            body: Some("{}".into()),
            initiator: None,
            opted_out: vec!["ga".into()],
        };
        let text = serde_json::to_string(&line).unwrap();
        assert!(!text.contains('\n'));
        assert!(
            !text.contains("initiator"),
            "absent fields are left out: {text}"
        );
        assert_eq!(serde_json::from_str::<RecordedLine>(&text).unwrap(), line);
    }
}
