//! The body of the shared-link fuzz target (`fuzz/fuzz_targets/share_link.rs`;
//! `tests/fuzz_corpus.rs` replays the kept corpus through it on every test
//! run): a link's payload is untrusted input and must never panic.

const MAX_INPUT: usize = 1 << 16;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

/// A shared link's payload: decoded or refused; what decodes encodes back to
/// the same journal, and replays (within the replay's own limits) or is refused.
pub fn share_link(data: &[u8]) {
    let payload = text(data);
    let Ok((journal, until)) = crate::share::decode(&payload) else {
        return;
    };
    if let Ok(again) = crate::share::encode(&journal, until) {
        let round = crate::share::decode(&again).expect("an encoded link decodes");
        assert!(
            round == (journal.clone(), until),
            "encode → decode changed the link"
        );
    }
    // Replaying moves the clock; only short journals are worth the fuzzer's time.
    if until <= 3600 && journal.entries.iter().all(|e| !e.line.contains("sim")) {
        let _ = ecs_sim::console::Console::replay(&journal, until);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_target_takes_ordinary_inputs() {
        super::share_link(b"not a link");
        super::share_link(b"");
    }
}
