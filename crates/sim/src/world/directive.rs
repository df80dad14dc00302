//! The `sim` directives — what a learner does to the simulation rather than
//! to AWS: load on a load balancer, faults to inject and recover from, extra
//! container instances, how a hook's Lambda function answers — as typed
//! commands. The console parses them; [`World::direct`] runs them on the
//! same terms as an API call through [`World::apply`]: a directive that is
//! refused leaves the world exactly as it was (its random source included).

use crate::world::traffic::Profile;
use crate::world::World;

#[derive(Clone, Debug, PartialEq)]
pub enum Directive {
    /// `sim load TARGET (--rps N | --stages … | --daily PEAK | --stop) [--port P]`:
    /// `None` stops the load.
    Load {
        target: String,
        profile: Option<Profile>,
        port: Option<u16>,
    },
    /// `sim fail task TASK`: the task's essential container exits.
    FailTask { task: String },
    /// `sim fail az ZONE`: the zone goes down.
    FailZone { zone: String },
    /// `sim fail image IMAGE`: pulls of the image fail (manifest not found).
    BreakImage { image: String },
    /// `sim fail crash IMAGE`: the image's containers exit soon after starting.
    CrashImage { image: String },
    /// `sim fail health IMAGE`: the image's container health checks fail.
    FailHealth { image: String },
    /// `sim fail spot [COUNT]`: Spot capacity takes back this many tasks.
    InterruptSpot { count: usize },
    /// `sim recover az ZONE`.
    RecoverZone { zone: String },
    /// `sim recover image IMAGE`: every fault on the image ends.
    RecoverImage { image: String },
    /// `sim add-instance [--cluster C] [--instance-type T] [--subnet S] [--count N]`.
    AddInstances {
        cluster: String,
        instance_type: String,
        subnet: Option<String>,
        count: u32,
    },
    /// `sim lambda FUNCTION succeeds|fails|asks`.
    LambdaAnswers { function: String, behaviour: String },
}

/// What a directive did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// What happened, in the console's words.
    Done(String),
    /// The container instances that joined the cluster, by ARN.
    InstancesAdded(Vec<String>),
}

impl Outcome {
    /// The console's output for it.
    pub fn text(&self) -> String {
        match self {
            Outcome::Done(text) => text.clone(),
            Outcome::InstancesAdded(arns) => arns.iter().map(|a| format!("{a}\n")).collect(),
        }
    }
}

/// Why a directive was refused (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl World {
    /// Runs a directive; if it is refused, the world is put back as it was.
    pub fn direct(&mut self, directive: Directive) -> Result<Outcome, Refused> {
        // Directives are rare, typed by a person: a whole copy is the
        // simplest guarantee that a refusal changes nothing.
        let before = self.clone();
        let result = self.run_directive(directive);
        if result.is_err() {
            *self = before;
        }
        result.map_err(Refused)
    }

    fn run_directive(&mut self, directive: Directive) -> Result<Outcome, String> {
        let done = |text: String| Outcome::Done(text);
        match directive {
            Directive::Load {
                target,
                profile,
                port,
            } => self.set_load(&target, profile, port).map(done),
            Directive::FailTask { task } => self.fail_task(&task).map(done),
            Directive::FailZone { zone } => self.fail_zone(&zone).map(done),
            Directive::BreakImage { image } => {
                if image.is_empty() {
                    return Err("give an image (REPOSITORY:TAG)".into());
                }
                self.ecs.faults.broken_images.insert(image.clone());
                Ok(done(format!(
                    "Pulls of {image} now fail: the manifest is not found.\n"
                )))
            }
            Directive::CrashImage { image } if !image.is_empty() => {
                Ok(done(self.crash_image(&image)))
            }
            Directive::FailHealth { image } if !image.is_empty() => {
                Ok(done(self.fail_health(&image)))
            }
            Directive::CrashImage { .. } | Directive::FailHealth { .. } => {
                Err("give an image (REPOSITORY:TAG)".into())
            }
            Directive::InterruptSpot { count } if count >= 1 => {
                self.interrupt_spot(count).map(done)
            }
            Directive::InterruptSpot { .. } => Err("give a number of tasks (1 or more)".into()),
            Directive::RecoverZone { zone } => self.recover_zone(&zone).map(done),
            Directive::RecoverImage { image } => self.recover_image(&image).map(done),
            Directive::AddInstances {
                cluster,
                instance_type,
                subnet,
                count,
            } => self
                .ecs_add_instance(&cluster, &instance_type, subnet.as_deref(), count)
                .map(Outcome::InstancesAdded),
            Directive::LambdaAnswers {
                function,
                behaviour,
            } => self.set_lambda_behaviour(&function, &behaviour).map(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    /// A world with a cluster, a service's tasks and a load balancer to aim at.
    fn busy_world() -> World {
        let mut console = Console::default();
        for line in [
            "aws ecs create-cluster --cluster-name demo",
            "sim add-instance --cluster demo --count 1",
        ] {
            let out = console.run(line);
            assert_eq!(out.status, 0, "{line}: {}", out.stderr);
        }
        console.world
    }

    #[test]
    fn a_refused_directive_leaves_the_world_exactly_as_it_was() {
        let refused = [
            Directive::FailTask {
                task: "no-such-task".into(),
            },
            Directive::FailZone {
                zone: "mars-1a".into(),
            },
            Directive::RecoverZone {
                zone: "mars-1a".into(),
            },
            Directive::BreakImage {
                image: String::new(),
            },
            Directive::CrashImage {
                image: String::new(),
            },
            Directive::InterruptSpot { count: 0 },
            Directive::AddInstances {
                cluster: "no-such-cluster".into(),
                instance_type: "t3.medium".into(),
                subnet: None,
                count: 2,
            },
            Directive::AddInstances {
                cluster: "demo".into(),
                instance_type: "t3.nonexistent".into(),
                subnet: None,
                count: 1,
            },
            Directive::Load {
                target: "no-such-alb".into(),
                profile: Some(Profile::Constant(100.0)),
                port: None,
            },
            Directive::LambdaAnswers {
                function: String::new(),
                behaviour: "succeeds".into(),
            },
        ];
        let world = busy_world();
        for directive in refused {
            let mut after = world.clone();
            let result = after.direct(directive.clone());
            assert!(result.is_err(), "{directive:?} was refused");
            assert!(after == world, "{directive:?} changed the world");
        }
    }

    #[test]
    fn a_directive_that_runs_changes_the_world_and_says_what_it_did() {
        let mut world = busy_world();
        let before = world.clone();
        let outcome = world
            .direct(Directive::AddInstances {
                cluster: "demo".into(),
                instance_type: "t3.medium".into(),
                subnet: None,
                count: 2,
            })
            .unwrap();
        let Outcome::InstancesAdded(arns) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(arns.len(), 2);
        assert!(world != before);
        assert!(matches!(
            world.direct(Directive::BreakImage { image: "web:1".into() }),
            Ok(Outcome::Done(text)) if text.contains("web:1")
        ));
        assert!(world.ecs.faults.broken_images.contains("web:1"));
    }
}
