//! Share links: the sandbox's journal (every line fed, at its simulated
//! second, from a fresh account) and the clock, as JSON, deflated and
//! base64url'd into the URL fragment (`#/sandbox?world=…`). Opening the link
//! replays the journal, so the learner's friend gets the same world — not a
//! copy of the state, which would be far larger. A link has a size budget,
//! and a damaged one is refused with a reason, never half-applied.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ecs_sim::console::{Journal, JournalEntry};
use serde::{Deserialize, Serialize};

/// The longest payload a link may carry (characters). Links this long still
/// paste into chat tools and issue trackers; a longer history is for export.
pub const MAX_PAYLOAD_CHARS: usize = 16_000;
/// Inflating a payload stops here: a crafted link must not exhaust memory.
const MAX_INFLATED_BYTES: usize = 4 * 1024 * 1024;
/// The fragment's query key.
pub use ecs_protocol::share_link::{payload_in_hash, QUERY_KEY};
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Payload {
    v: u32,
    seed: u64,
    until: u64,
    /// `[at, line]` pairs: shorter than objects, and the order is the replay order.
    lines: Vec<(u64, String)>,
}

/// Why a sandbox could not be shared, or a link not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The world's history is unknown (it predates journals, or grew too long).
    NoJournal,
    TooLarge {
        chars: usize,
    },
    /// The link is damaged: which stage failed.
    Corrupt(&'static str),
    /// Made by a newer version of the app.
    UnknownVersion(u32),
}

/// The payload for a journal and the clock.
pub fn encode(journal: &Journal, until: u64) -> Result<String, ShareError> {
    let payload = Payload {
        v: FORMAT_VERSION,
        seed: journal.seed,
        until,
        lines: journal
            .entries
            .iter()
            .map(|e| (e.at, e.line.clone()))
            .collect(),
    };
    let json = serde_json::to_vec(&payload).map_err(|_| ShareError::Corrupt("json"))?;
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let text = URL_SAFE_NO_PAD.encode(deflated);
    if text.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge { chars: text.len() });
    }
    Ok(text)
}

/// The journal and clock a payload carries.
pub fn decode(text: &str) -> Result<(Journal, u64), ShareError> {
    let text = text.trim();
    if text.len() > MAX_PAYLOAD_CHARS * 2 {
        return Err(ShareError::TooLarge { chars: text.len() });
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| ShareError::Corrupt("base64"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES)
        .map_err(|_| ShareError::Corrupt("deflate"))?;
    let payload: Payload =
        serde_json::from_slice(&json).map_err(|_| ShareError::Corrupt("json"))?;
    if payload.v != FORMAT_VERSION {
        return Err(ShareError::UnknownVersion(payload.v));
    }
    let journal = Journal {
        seed: payload.seed,
        entries: payload
            .lines
            .into_iter()
            .map(|(at, line)| JournalEntry { at, line })
            .collect(),
    };
    Ok((journal, payload.until))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn a_link_carries_the_journal_and_recreates_the_same_world() {
        let mut console = Console::default();
        console.run("VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)\naws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24\nsim advance 10m");
        console.world.advance(ecs_sim::Duration(42));
        let text = encode(console.journal().unwrap(), console.world.now.0).unwrap();
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let (journal, until) = decode(&text).unwrap();
        let opened = Console::replay(&journal, until).unwrap();
        assert!(opened.world == console.world);
        assert_eq!(opened.vars, console.vars);
    }

    #[test]
    fn a_damaged_link_is_refused_with_the_stage_that_failed() {
        let mut console = Console::default();
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/16");
        let text = encode(console.journal().unwrap(), 0).unwrap();
        assert_eq!(decode("not base64!"), Err(ShareError::Corrupt("base64")));
        let cut = text.len() / 2 / 4 * 4;
        assert_eq!(decode(&text[..cut]), Err(ShareError::Corrupt("deflate")));
        let not_json = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{oops", 9));
        assert_eq!(decode(&not_json), Err(ShareError::Corrupt("json")));
        let future = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
            br#"{"v":9,"seed":1,"until":0,"lines":[]}"#,
            9,
        ));
        assert_eq!(decode(&future), Err(ShareError::UnknownVersion(9)));
    }

    #[test]
    fn a_history_too_long_for_a_link_says_so() {
        let mut console = Console::default();
        for i in 0..4000 {
            // Distinct lines, so compression cannot hide the length.
            console.feed_line(&format!("echo {i} {}", i * 7919 % 10007));
        }
        match encode(console.journal().unwrap(), 0) {
            Err(ShareError::TooLarge { chars }) => assert!(chars > MAX_PAYLOAD_CHARS),
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    #[test]
    fn the_payload_is_found_after_the_route() {
        assert_eq!(payload_in_hash("#/sandbox?world=abc"), Some("abc"));
        assert_eq!(payload_in_hash("#/sandbox?x=1&world=abc"), Some("abc"));
        assert_eq!(payload_in_hash("#/sandbox"), None);
    }
}
