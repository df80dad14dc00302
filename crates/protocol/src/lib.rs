//! The typed protocol between the page and the engine: serde types only, no
//! model code, so the page can speak to the engine without linking the model.

use serde::{Deserialize, Serialize};

/// The seed every lesson's account starts from (the model's
/// `ecs_sim::lesson::LESSON_SEED`; the engine's tests hold them equal). The
/// page needs it for facilitator links before the engine has loaded.
pub const LESSON_SEED: u64 = 2026;

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The interface language for a browser language list (`navigator.languages`):
    /// the first Japanese or English entry wins; anything else falls back to English.
    pub fn from_browser<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in preferred {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match primary.as_str() {
                "ja" => return Lang::Ja,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::En
    }
}
