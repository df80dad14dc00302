//! The account as a [`SaveDocument`] and back: the world and journal as JSON
//! text, the shell's files and variables. The page stores the documents;
//! every format it ever stored reads here (the world's own migrations).

use ecs_protocol::SaveDocument;
use ecs_sim::console::{Console, Journal};
use ecs_sim::World;

/// The account as a document.
pub fn document(console: &Console) -> SaveDocument {
    SaveDocument {
        world: console.world.to_json(),
        files: console.files.clone(),
        vars: console.vars.clone(),
        journal: console
            .journal()
            .and_then(|j| serde_json::to_string(j).ok()),
        clock: console.world.now.to_string(),
    }
}

/// The account a document holds; `Err` when its world does not read.
pub fn console(document: &SaveDocument) -> Result<Console, String> {
    let world = World::from_json(&document.world).map_err(|e| e.to_string())?;
    let mut console = Console::new(world);
    console.files = document.files.clone();
    console.vars = document.vars.clone();
    // A journal that does not read leaves the history unknown (sharing says
    // so); the world itself is what matters.
    console.set_journal(
        document
            .journal
            .as_deref()
            .and_then(|j| serde_json::from_str::<Journal>(j).ok()),
    );
    Ok(console)
}

/// A shared link's payload replayed; the reason in words when it cannot be.
pub fn shared(payload: &str) -> Result<Console, String> {
    use crate::share::ShareError;
    let (journal, until) = crate::share::decode(payload).map_err(|e| match e {
        ShareError::Corrupt(stage) => format!("the link is damaged: {stage} decoding failed"),
        ShareError::UnknownVersion(v) => format!("made by a newer version (format {v})"),
        ShareError::TooLarge { chars } => {
            format!("{chars} characters is more than a link carries")
        }
        ShareError::NoJournal => "no history".into(),
    })?;
    Console::replay(&journal, until).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_reads_back_as_the_same_account() {
        let mut before = Console::default();
        before.run("aws ec2 create-vpc --cidr-block 10.1.0.0/16");
        before.run("export CLUSTER=demo");
        before.world.advance(ecs_sim::Duration(90));
        let doc = document(&before);
        let after = console(&doc).unwrap();
        assert_eq!(after.world.to_json(), before.world.to_json());
        assert_eq!(after.vars, before.vars);
        assert_eq!(after.journal(), before.journal());
        assert_eq!(doc.clock, before.world.now.to_string());
    }

    #[test]
    fn a_document_whose_world_does_not_read_is_refused() {
        let doc = SaveDocument {
            world: "{\"not\": \"a world\"}".into(),
            ..SaveDocument::default()
        };
        assert!(console(&doc).is_err());
        // A damaged journal only makes the history unknown.
        let mut doc = document(&Console::default());
        doc.journal = Some("[".into());
        assert!(console(&doc).unwrap().journal().is_none());
    }
}
