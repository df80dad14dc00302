//! A console's journal recreates its world: the lines fed, each at its
//! simulated second, replayed on a fresh account give the same world, files and
//! variables — however the clock was moved in between (time warp in uneven
//! chunks, `sim advance`, until steady). This is what a shared link relies on.

use ecs_sim::console::{Console, Journal, JournalEntry, ReplayError};
use ecs_sim::Duration;

fn scenario(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/scenarios/{name}.sh",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Feeds `script` line by line, moving the clock by uneven chunks between
/// lines as the time warp does.
fn play(script: &str, chunks: &[u64]) -> Console {
    let mut console = Console::default();
    for (i, line) in script.lines().enumerate() {
        console.feed_line(line);
        let chunk = chunks[i % chunks.len()];
        if chunk > 0 && !console.is_waiting() {
            for _ in 0..3 {
                console.world.advance(Duration(chunk));
            }
        }
    }
    console
}

#[test]
fn replaying_the_journal_recreates_the_world_exactly() {
    for name in ["bluegreen-canary", "bluegreen-rollback", "codedeploy-setup"] {
        let played = play(&scenario(name), &[0, 5, 1, 0, 17, 60]);
        let journal = played.journal().expect("a fresh console keeps its journal");
        let replayed = Console::replay(journal, played.world.now.0).unwrap();
        assert!(replayed.world == played.world, "{name}: the worlds differ");
        assert_eq!(replayed.files, played.files, "{name}");
        assert_eq!(replayed.vars, played.vars, "{name}");
        assert_eq!(replayed.journal(), played.journal(), "{name}");
    }
}

#[test]
fn a_journal_survives_json_and_a_world_of_unknown_history_has_none() {
    let played = play(
        "aws ec2 create-vpc --cidr-block 10.0.0.0/16\nsim advance 5m",
        &[7],
    );
    let journal = played.journal().unwrap();
    let text = serde_json::to_string(journal).unwrap();
    let back: Journal = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, journal);
    assert_eq!(journal.entries.len(), 2);
    assert_eq!(journal.entries[1].at, 21, "fed after three chunks of 7 s");
    assert!(Console::new(played.world.clone()).journal().is_none());
}

#[test]
fn a_crafted_journal_cannot_run_the_clock_for_ever() {
    let journal = Journal {
        seed: 1,
        entries: vec![JournalEntry {
            at: u64::MAX,
            line: "echo hi".into(),
        }],
    };
    assert!(matches!(
        Console::replay(&journal, 0),
        Err(ReplayError::TooFarInTime { .. })
    ));
    let empty = Journal::default();
    assert!(matches!(
        Console::replay(&empty, 40 * 24 * 3600),
        Err(ReplayError::TooFarInTime { .. })
    ));
}

/// Ctrl+C drops an unclosed quote or a half-written here-document, as a shell
/// does, and a replay of the journal drops the same input: the command after
/// it runs on its own instead of being swallowed into the pending one.
#[test]
fn ctrl_c_cancels_pending_input_and_replays_the_same() {
    let mut console = Console::default();
    assert!(console
        .feed_line("aws ecs create-cluster --cluster-name 'learn")
        .is_none());
    assert!(console.is_waiting());
    let cancelled = console.interrupt();
    assert_eq!(cancelled.status, 130);
    assert!(!console.is_waiting());
    assert!(console.feed_line("cat > web.json <<EOF").is_none());
    assert!(console.feed_line("{\"family\": \"web\"").is_none());
    console.interrupt();
    assert!(!console.is_waiting());
    assert!(
        !console.files.contains_key("web.json"),
        "the cancelled here-document wrote nothing"
    );
    let out = console
        .feed_line(
            "aws ecs create-cluster --cluster-name learn --query cluster.status --output text",
        )
        .expect("runs at once");
    assert_eq!(out.stdout, "ACTIVE\n");
    // Ctrl+C at an empty prompt does nothing but set $?.
    console.interrupt();
    let status = console.feed_line("echo $?").unwrap();
    assert_eq!(status.stdout, "130\n");

    let journal = console.journal().unwrap();
    let replayed = Console::replay(journal, console.world.now.0).unwrap();
    assert!(replayed.world == console.world);
    assert_eq!(replayed.files, console.files);
    assert!(!replayed.is_waiting());
}
