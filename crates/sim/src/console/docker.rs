//! The learner's local Docker, as far as the tutorials use it: `docker build -t`,
//! `docker tag`, `docker images`, `docker login` (fed by `aws ecr
//! get-login-password`), and `docker push` into the account's ECR registry.
//! Images are not real: a build records a reference, a digest and a size.

use super::{Console, Output};
use crate::command::Command;
use crate::ids::digest_for;
use crate::image_ref::{login_request, normalise, size_for};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct Docker {
    /// `name:tag` → image.
    pub images: BTreeMap<String, LocalImage>,
    pub logins: BTreeSet<String>,
    builds: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalImage {
    pub digest: String,
    pub size_bytes: u64,
}

const USAGE: &str = "Usage:  docker COMMAND\n\nCommands available in this console:\n  build -t NAME[:TAG] PATH   record an image\n  tag SOURCE TARGET          give an image another name\n  images                     list local images\n  login                      log in to the account's ECR registry (--password-stdin)\n  push NAME[:TAG]            push an image to ECR\n";

impl Console {
    pub(super) fn docker(&mut self, args: &[String], stdin: Option<String>) -> Output {
        let fail = |text: String| Output::error(text, 1);
        let say = |text: String| Output {
            stdout: text,
            ..Default::default()
        };
        let option = |names: &[&str]| {
            args.windows(2)
                .find(|w| names.contains(&w[0].as_str()))
                .map(|w| w[1].clone())
        };
        match args.first().map(String::as_str) {
            Some("build") | Some("buildx") => {
                let Some(tag) = option(&["-t", "--tag"]) else {
                    return fail("docker build: give the image a name with -t NAME[:TAG] so that it can be pushed\n".into());
                };
                let reference = normalise(&tag);
                self.docker.builds += 1;
                let digest = digest_for(&format!("{reference}#{}", self.docker.builds));
                let size = size_for(&reference, &digest);
                let short = digest.get(7..19).unwrap_or_default().to_string();
                self.docker.images.insert(reference.clone(), LocalImage { digest, size_bytes: size });
                say(format!("Successfully built {short}\nSuccessfully tagged {reference}\n"))
            }
            Some("tag") => match (args.get(1), args.get(2)) {
                (Some(source), Some(target)) => match self.docker.images.get(&normalise(source)).cloned() {
                    Some(image) => {
                        self.docker.images.insert(normalise(target), image);
                        Output::default()
                    }
                    None => fail(format!("Error response from daemon: No such image: {source}\n")),
                },
                _ => fail("\"docker tag\" requires exactly 2 arguments.\n".into()),
            },
            Some("images") | Some("image") => {
                let mut text = format!("{:<70} {:<20} {:<14} {}\n", "REPOSITORY", "TAG", "IMAGE ID", "SIZE");
                for (reference, image) in &self.docker.images {
                    let (repository, tag) = reference.rsplit_once(':').unwrap_or((reference, "latest"));
                    let id = image.digest.get(7..19).unwrap_or_default();
                    text.push_str(&format!("{repository:<70} {tag:<20} {id:<14} {:.0}MB\n", image.size_bytes as f64 / 1_048_576.0));
                }
                say(text)
            }
            Some("login") => {
                let (registry, password) = login_request(args, stdin);
                let expected = crate::ecr::login_password(&self.world.account_id, &self.world.region);
                if registry.trim_start_matches("https://") == self.world.registry() && password.trim() == expected {
                    self.docker.logins.insert(self.world.registry());
                    say("Login Succeeded\n".into())
                } else if registry.is_empty() && password.trim().is_empty() {
                    fail("Error: Cannot perform an interactive login from a non TTY device\n".into())
                } else if registry.is_empty() {
                    // No server: Docker Hub, which does not know an ECR token.
                    fail("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password\n".into())
                } else {
                    fail(format!("Error response from daemon: login attempt to https://{registry}/v2/ failed with status: 400 Bad Request\n"))
                }
            }
            Some("logout") => {
                let registry = args.get(1).cloned().unwrap_or_else(|| self.world.registry());
                self.docker.logins.remove(&registry);
                say(format!("Removing login credentials for {registry}\n"))
            }
            Some("push") => match args.get(1) {
                Some(reference) => self.docker_push(&normalise(reference)),
                None => fail("\"docker push\" requires exactly 1 argument.\n".into()),
            },
            Some("pull") => fail("docker pull is not needed here: ECS pulls the image itself when a task starts.\n".into()),
            Some("run") => fail("This console does not run containers; ECS does. Register a task definition and run a task.\n".into()),
            _ => say(USAGE.into()),
        }
    }

    fn docker_push(&mut self, reference: &str) -> Output {
        let fail = |text: String| Output::error(text, 1);
        let Some(image) = self.docker.images.get(reference).cloned() else {
            return fail(format!(
                "An image does not exist locally with the tag: {}\n",
                reference.trim_end_matches(":latest")
            ));
        };
        let registry = self.world.registry();
        let Some(path) = reference
            .strip_prefix(&registry)
            .and_then(|p| p.strip_prefix('/'))
        else {
            let host = reference.split('/').next().unwrap_or(reference);
            return fail(format!(
                "denied: this playground can only push to the account's ECR registry ({registry}), not to {host}. Tag the image as {registry}/REPOSITORY:TAG first.\n"
            ));
        };
        if !self.docker.logins.contains(&registry) {
            return fail("no basic auth credentials\n".into());
        }
        let (repository, tag) = path.rsplit_once(':').unwrap_or((path, "latest"));
        let push = Command::from_api(
            "ecr",
            "PushImage",
            json!({ "repositoryName": repository, "imageTag": tag, "imageDigest": image.digest, "sizeBytes": image.size_bytes }),
        )
        .and_then(|command| self.world.apply(command));
        let header = format!("The push refers to repository [{registry}/{repository}]\n");
        match push {
            Ok(_) => Output {
                stdout: format!(
                    "{header}{}: Pushed\n{tag}: digest: {} size: {}\n",
                    image.digest.get(7..19).unwrap_or_default(),
                    image.digest,
                    1024 + image.size_bytes % 4096
                ),
                ..Default::default()
            },
            Err(e) if e.code == "RepositoryNotFoundException" => {
                fail(format!("{header}name unknown: {}\n", e.message))
            }
            Err(e) if e.code == "ImageTagAlreadyExistsException" => {
                fail(format!("{header}tag invalid: {}\n", e.message))
            }
            Err(e) => fail(format!("{header}{}\n", e.message)),
        }
    }

    /// `sim push-image REPOSITORY:TAG [--size-mb N]`: build, log in and push in one step.
    pub(super) fn sim_push_image(&mut self, args: &[String]) -> Output {
        let Some(target) = args.first().filter(|a| !a.starts_with("--")) else {
            return Output::error(
                "sim push-image: give the image as REPOSITORY:TAG, e.g. sim push-image web:v1\n",
                2,
            );
        };
        let size_mb =
            match args
                .windows(2)
                .find(|w| w[0] == "--size-mb")
                .map(|w| w[1].parse::<u64>())
            {
                Some(Ok(n)) if (1..=10_000).contains(&n) => Some(n),
                Some(_) => return Output::error(
                    "sim push-image: --size-mb takes a whole number of megabytes from 1 to 10000\n",
                    2,
                ),
                None => None,
            };
        let registry = self.world.registry();
        let reference = normalise(&format!(
            "{registry}/{}",
            target.trim_start_matches(&format!("{registry}/"))
        ));
        self.docker.builds += 1;
        let digest = digest_for(&format!("{reference}#{}", self.docker.builds));
        let size_bytes =
            size_mb.map_or_else(|| size_for(&reference, &digest), |mb| mb * 1024 * 1024);
        self.docker
            .images
            .insert(reference.clone(), LocalImage { digest, size_bytes });
        self.docker.logins.insert(registry);
        self.docker_push(&reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_digests() {
        assert_eq!(normalise("web"), "web:latest");
        assert_eq!(normalise("host:5000/web"), "host:5000/web:latest");
        assert_eq!(normalise("web:v1"), "web:v1");
        let d = digest_for("x");
        assert_eq!(d.len(), 7 + 64);
        assert_eq!(d, digest_for("x"));
        assert_ne!(d, digest_for("y"));
    }

    #[test]
    fn login_takes_the_server_not_the_username() {
        let mut console = crate::console::Console::default();
        let registry = console.world.registry();
        // No server: Docker Hub, where the ECR token is refused (not a server named "AWS").
        let hub = console
            .run("aws ecr get-login-password | docker login --username AWS --password-stdin");
        assert_ne!(hub.status, 0);
        assert!(hub.stderr.contains("unauthorized"), "{}", hub.stderr);
        assert!(!hub.stderr.contains("https://AWS/"), "{}", hub.stderr);
        let ok = console.run(&format!(
            "aws ecr get-login-password | docker login -u AWS --password-stdin {registry}"
        ));
        assert_eq!(ok.stdout, "Login Succeeded\n", "{}", ok.stderr);
        let interactive = console.run("docker login");
        assert!(interactive.stderr.contains("non TTY"));
    }
}
