//! Amazon ECR: private repositories of images. A push records an image's
//! digest, tags and size; tag immutability, scan-on-push findings and the
//! errors `docker push` and the API give are AWS's.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use crate::ids::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ecr {
    pub repositories: BTreeMap<String, Repository>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub name: String,
    pub created_at: SimTime,
    pub immutable_tags: bool,
    pub scan_on_push: bool,
    pub images: Vec<Image>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub digest: String,
    pub tags: Vec<String>,
    pub size_bytes: u64,
    pub pushed_at: SimTime,
    /// Vulnerability counts by severity when scanned (scan on push).
    pub findings: Option<BTreeMap<String, u32>>,
}

/// Docker image manifest v2, schema 2: what ECR stores for a pushed image.
pub const MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";

impl Image {
    /// The image's one layer, named after the image (model: a real image has
    /// several layers and a config blob, each with its own sha256).
    fn layer_digest(&self) -> String {
        let hex = self.digest.trim_start_matches("sha256:");
        format!("sha256:{}", hex.chars().rev().collect::<String>())
    }

    /// The manifest BatchGetImage returns; its layers identify the image.
    pub fn manifest(&self) -> String {
        json!({
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1469,
                "digest": format!("sha256:{}", self.digest.trim_start_matches("sha256:").replace('a', "b")),
            },
            "layers": [{
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": self.size_bytes,
                "digest": self.layer_digest(),
            }],
        })
        .to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EcrError {
    #[error("The repository with name '{0}' already exists in the registry with id '{1}'")]
    RepositoryAlreadyExists(String, String),
    #[error("The repository with name '{0}' does not exist in the registry with id '{1}'")]
    RepositoryNotFound(String, String),
    #[error("The repository with name '{0}' in registry with id '{1}' cannot be deleted because it still contains images")]
    RepositoryNotEmpty(String, String),
    #[error("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''")]
    InvalidRepositoryName,
    #[error("Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [IMMUTABLE, MUTABLE]'")]
    InvalidMutability,
    #[error("The image with imageId {{imageDigest:'null', imageTag:'{tag}'}} does not exist within the repository with name '{repository}' in the registry with id '{registry}'")]
    ImageNotFound {
        tag: String,
        repository: String,
        registry: String,
    },
    #[error("The image tag '{tag}' already exists in the '{repository}' repository and cannot be overwritten because the repository is immutable.")]
    ImageTagAlreadyExists { tag: String, repository: String },
    #[error("Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length less than or equal to 300'")]
    InvalidTag,
    #[error("Image with digest '{digest}' and tag '{tag}' already exists in the repository with name '{repository}' in registry with id '{registry}'")]
    ImageAlreadyExists {
        digest: String,
        tag: String,
        repository: String,
        registry: String,
    },
    #[error("Layers with digests '[{layers}]' required for pushing image into repository with name '{repository}' in registry with id '{registry}' do not exist")]
    LayersNotFound {
        layers: String,
        repository: String,
        registry: String,
    },
    #[error(
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
    )]
    InvalidManifest,
}

impl AwsErrorCode for EcrError {
    fn code(&self) -> &'static str {
        match self {
            EcrError::RepositoryAlreadyExists(..) => "RepositoryAlreadyExistsException",
            EcrError::RepositoryNotFound(..) => "RepositoryNotFoundException",
            EcrError::RepositoryNotEmpty(..) => "RepositoryNotEmptyException",
            EcrError::InvalidRepositoryName
            | EcrError::InvalidMutability
            | EcrError::InvalidTag => "InvalidParameterException",
            EcrError::ImageNotFound { .. } => "ImageNotFoundException",
            EcrError::ImageTagAlreadyExists { .. } => "ImageTagAlreadyExistsException",
            EcrError::ImageAlreadyExists { .. } => "ImageAlreadyExistsException",
            EcrError::LayersNotFound { .. } => "LayersNotFoundException",
            EcrError::InvalidManifest => "InvalidParameterException",
        }
    }
}

pub use crate::env::Env;

/// ECR's repository name rule: lowercase path components joined by `.`, `_` or `-`, separated by `/`.
pub fn valid_repository_name(name: &str) -> bool {
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.split(['.', '_', '-']).all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    (2..=256).contains(&name.len()) && name.split('/').all(component_ok)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageScanningConfiguration {
    #[serde(default)]
    pub scan_on_push: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRepositoryInput {
    pub repository_name: String,
    pub image_tag_mutability: Option<String>,
    pub image_scanning_configuration: Option<ImageScanningConfiguration>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryNameInput {
    pub repository_name: String,
    #[serde(default)]
    pub force: bool,
    #[serde(default)]
    pub image_ids: Vec<ImageId>,
}

/// `PutImage`: a manifest (as BatchGetImage returned it) under a new tag.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutImageInput {
    pub repository_name: String,
    pub image_manifest: String,
    pub image_manifest_media_type: Option<String>,
    pub image_tag: Option<String>,
    pub image_digest: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeRepositoriesInput {
    #[serde(default)]
    pub repository_names: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageId {
    pub image_tag: Option<String>,
    pub image_digest: Option<String>,
}

/// An image as `docker push` delivers it (no AWS API of its own here).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushImageInput {
    pub repository_name: String,
    pub image_tag: String,
    pub image_digest: String,
    pub size_bytes: u64,
}

impl Repository {
    pub fn uri(&self, registry: &str) -> String {
        format!("{registry}/{}", self.name)
    }

    fn shape(&self, ctx: &Env) -> Value {
        json!({
            "repositoryArn": format!("arn:aws:ecr:{}:{}:repository/{}", ctx.region, ctx.account_id, self.name),
            "registryId": ctx.account_id,
            "repositoryName": self.name,
            "repositoryUri": self.uri(&ctx.registry()),
            "createdAt": self.created_at.to_iso8601(),
            "imageTagMutability": if self.immutable_tags { "IMMUTABLE" } else { "MUTABLE" },
            "imageScanningConfiguration": { "scanOnPush": self.scan_on_push },
            "encryptionConfiguration": { "encryptionType": "AES256" },
        })
    }

    /// The image a tag or digest names.
    pub fn find(&self, reference: &str) -> Option<&Image> {
        self.images
            .iter()
            .find(|i| i.digest == reference || i.tags.iter().any(|t| t == reference))
    }
}

impl Image {
    fn shape(&self, repository: &str, registry_id: &str) -> Value {
        let mut shape = json!({
            "registryId": registry_id,
            "repositoryName": repository,
            "imageDigest": self.digest,
            "imageTags": self.tags,
            "imageSizeInBytes": self.size_bytes,
            "imagePushedAt": self.pushed_at.to_iso8601(),
            "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "artifactMediaType": "application/vnd.docker.container.image.v1+json",
        });
        if let (Some(findings), Value::Object(map)) = (&self.findings, &mut shape) {
            map.insert("imageScanStatus".into(), json!({ "status": "COMPLETE", "description": "The scan was completed successfully." }));
            map.insert(
                "imageScanFindingsSummary".into(),
                json!({ "findingSeverityCounts": findings }),
            );
        }
        if self.tags.is_empty() {
            if let Value::Object(map) = &mut shape {
                map.remove("imageTags");
            }
        }
        shape
    }
}

impl Ecr {
    fn repository(&self, name: &str, account_id: &str) -> Result<&Repository, EcrError> {
        self.repositories
            .get(name)
            .ok_or_else(|| EcrError::RepositoryNotFound(name.to_string(), account_id.to_string()))
    }

    pub fn create_repository(
        &mut self,
        ctx: &mut Env,
        input: CreateRepositoryInput,
    ) -> Result<Value, EcrError> {
        if !valid_repository_name(&input.repository_name) {
            return Err(EcrError::InvalidRepositoryName);
        }
        let immutable = match input.image_tag_mutability.as_deref() {
            None | Some("MUTABLE") => false,
            Some("IMMUTABLE") => true,
            Some(_) => return Err(EcrError::InvalidMutability),
        };
        if self.repositories.contains_key(&input.repository_name) {
            return Err(EcrError::RepositoryAlreadyExists(
                input.repository_name,
                ctx.account_id.to_string(),
            ));
        }
        let repository = Repository {
            name: input.repository_name.clone(),
            created_at: ctx.now,
            immutable_tags: immutable,
            scan_on_push: input
                .image_scanning_configuration
                .is_some_and(|c| c.scan_on_push),
            images: Vec::new(),
        };
        let shape = repository.shape(ctx);
        self.repositories.insert(input.repository_name, repository);
        Ok(json!({ "repository": shape }))
    }

    pub fn describe_repositories(
        &self,
        ctx: &Env,
        input: DescribeRepositoriesInput,
    ) -> Result<Value, EcrError> {
        let mut found = Vec::new();
        if input.repository_names.is_empty() {
            found.extend(self.repositories.values());
        } else {
            for name in &input.repository_names {
                found.push(self.repository(name, ctx.account_id)?);
            }
        }
        Ok(json!({ "repositories": found.iter().map(|r| r.shape(ctx)).collect::<Vec<_>>() }))
    }

    pub fn delete_repository(
        &mut self,
        ctx: &Env,
        input: RepositoryNameInput,
    ) -> Result<Value, EcrError> {
        let repository = self.repository(&input.repository_name, ctx.account_id)?;
        if !repository.images.is_empty() && !input.force {
            return Err(EcrError::RepositoryNotEmpty(
                input.repository_name,
                ctx.account_id.to_string(),
            ));
        }
        let shape = repository.shape(ctx);
        self.repositories.remove(&input.repository_name);
        Ok(json!({ "repository": shape }))
    }

    pub fn describe_images(
        &self,
        ctx: &Env,
        input: RepositoryNameInput,
    ) -> Result<Value, EcrError> {
        let repository = self.repository(&input.repository_name, ctx.account_id)?;
        let mut images = Vec::new();
        if input.image_ids.is_empty() {
            images.extend(repository.images.iter());
        } else {
            for id in &input.image_ids {
                let reference = id
                    .image_digest
                    .clone()
                    .or(id.image_tag.clone())
                    .unwrap_or_default();
                let image = repository
                    .find(&reference)
                    .ok_or_else(|| EcrError::ImageNotFound {
                        tag: reference.clone(),
                        repository: repository.name.clone(),
                        registry: ctx.account_id.to_string(),
                    })?;
                images.push(image);
            }
        }
        Ok(
            json!({ "imageDetails": images.iter().map(|i| i.shape(&repository.name, ctx.account_id)).collect::<Vec<_>>() }),
        )
    }

    pub fn list_images(&self, ctx: &Env, input: RepositoryNameInput) -> Result<Value, EcrError> {
        let repository = self.repository(&input.repository_name, ctx.account_id)?;
        let mut ids = Vec::new();
        for image in &repository.images {
            if image.tags.is_empty() {
                ids.push(json!({ "imageDigest": image.digest }));
            }
            for tag in &image.tags {
                ids.push(json!({ "imageDigest": image.digest, "imageTag": tag }));
            }
        }
        Ok(json!({ "imageIds": ids }))
    }

    pub fn batch_delete_image(
        &mut self,
        ctx: &Env,
        input: RepositoryNameInput,
    ) -> Result<Value, EcrError> {
        let account = ctx.account_id.to_string();
        let repository = self
            .repositories
            .get_mut(&input.repository_name)
            .ok_or_else(|| EcrError::RepositoryNotFound(input.repository_name.clone(), account))?;
        let mut deleted = Vec::new();
        let mut failures = Vec::new();
        for id in &input.image_ids {
            let reference = id
                .image_digest
                .clone()
                .or(id.image_tag.clone())
                .unwrap_or_default();
            match repository
                .images
                .iter()
                .position(|i| i.digest == reference || i.tags.contains(&reference))
            {
                Some(index) => {
                    let by_tag = id.image_digest.is_none();
                    let image = &mut repository.images[index];
                    deleted.push(json!({ "imageDigest": image.digest, "imageTag": reference }));
                    // Deleting by tag removes the tag; the image goes when no tag is left.
                    if by_tag && image.tags.len() > 1 {
                        image.tags.retain(|t| t != &reference);
                    } else {
                        repository.images.remove(index);
                    }
                }
                None => failures.push(json!({
                    "imageId": { "imageTag": reference },
                    "failureCode": "ImageNotFound",
                    "failureReason": "Requested image not found",
                })),
            }
        }
        Ok(json!({ "imageIds": deleted, "failures": failures }))
    }

    /// `BatchGetImage`: each image's manifest — what `docker pull` reads, and
    /// what PutImage takes to give the same image another tag.
    pub fn batch_get_image(
        &self,
        ctx: &Env,
        input: RepositoryNameInput,
    ) -> Result<Value, EcrError> {
        let repository = self
            .repositories
            .get(&input.repository_name)
            .ok_or_else(|| {
                EcrError::RepositoryNotFound(input.repository_name.clone(), ctx.account_id.into())
            })?;
        let mut images = Vec::new();
        let mut failures = Vec::new();
        for id in &input.image_ids {
            let found = repository.images.iter().find(|i| {
                id.image_digest.as_ref().is_none_or(|d| &i.digest == d)
                    && id.image_tag.as_ref().is_none_or(|t| i.tags.contains(t))
                    && (id.image_digest.is_some() || id.image_tag.is_some())
            });
            match found {
                Some(image) => {
                    let mut image_id = json!({ "imageDigest": image.digest });
                    if let (Some(tag), Value::Object(map)) = (&id.image_tag, &mut image_id) {
                        map.insert("imageTag".into(), json!(tag));
                    }
                    images.push(json!({
                        "registryId": ctx.account_id,
                        "repositoryName": repository.name,
                        "imageId": image_id,
                        "imageManifest": image.manifest(),
                        "imageManifestMediaType": MANIFEST_MEDIA_TYPE,
                    }));
                }
                None => failures.push(json!({
                    "imageId": match (&id.image_tag, &id.image_digest) {
                        (Some(tag), Some(digest)) => json!({ "imageTag": tag, "imageDigest": digest }),
                        (Some(tag), None) => json!({ "imageTag": tag }),
                        (None, Some(digest)) => json!({ "imageDigest": digest }),
                        (None, None) => json!({}),
                    },
                    "failureCode": "ImageNotFound",
                    "failureReason": "Requested image not found",
                })),
            }
        }
        Ok(json!({ "images": images, "failures": failures }))
    }

    /// `PutImage`: tags the image whose manifest this is. The manifest's layers
    /// must already be in the repository: promoting a tested image to
    /// `prod` is a new tag on the same digest, never a rebuild.
    pub fn put_image(&mut self, ctx: &Env, input: PutImageInput) -> Result<Value, EcrError> {
        let registry = ctx.account_id.to_string();
        let repository = self
            .repositories
            .get_mut(&input.repository_name)
            .ok_or_else(|| {
                EcrError::RepositoryNotFound(input.repository_name.clone(), registry.clone())
            })?;
        let manifest: Value =
            serde_json::from_str(&input.image_manifest).map_err(|_| EcrError::InvalidManifest)?;
        let layers: Vec<String> = manifest["layers"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|x| x["digest"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let Some(index) = repository
            .images
            .iter()
            .position(|i| layers.first() == Some(&i.layer_digest()))
        else {
            return Err(EcrError::LayersNotFound {
                layers: layers.join(", "),
                repository: input.repository_name,
                registry,
            });
        };
        let digest = repository.images[index].digest.clone();
        if input.image_digest.as_ref().is_some_and(|d| d != &digest) {
            return Err(EcrError::InvalidManifest);
        }
        let Some(tag) = input.image_tag else {
            return Ok(json!({ "image": {
                "registryId": registry, "repositoryName": repository.name,
                "imageId": { "imageDigest": digest },
                "imageManifest": input.image_manifest, "imageManifestMediaType": MANIFEST_MEDIA_TYPE,
            } }));
        };
        if tag.is_empty() || tag.len() > 300 {
            return Err(EcrError::InvalidTag);
        }
        if repository.images[index].tags.contains(&tag) {
            return Err(EcrError::ImageAlreadyExists {
                digest,
                tag,
                repository: input.repository_name,
                registry,
            });
        }
        if let Some(holder) = repository.images.iter().position(|i| i.tags.contains(&tag)) {
            if repository.immutable_tags {
                return Err(EcrError::ImageTagAlreadyExists {
                    tag,
                    repository: input.repository_name,
                });
            }
            repository.images[holder].tags.retain(|t| t != &tag);
        }
        repository.images[index].tags.push(tag.clone());
        Ok(json!({ "image": {
            "registryId": registry,
            "repositoryName": repository.name,
            "imageId": { "imageDigest": digest, "imageTag": tag },
            "imageManifest": input.image_manifest,
            "imageManifestMediaType": MANIFEST_MEDIA_TYPE,
        } }))
    }

    /// Records a pushed image: a new digest, or a tag moved onto an existing one.
    pub fn push_image(&mut self, ctx: &mut Env, input: PushImageInput) -> Result<Value, EcrError> {
        if input.image_tag.is_empty() || input.image_tag.len() > 300 {
            return Err(EcrError::InvalidTag);
        }
        let account = ctx.account_id.to_string();
        let repository = self
            .repositories
            .get_mut(&input.repository_name)
            .ok_or_else(|| EcrError::RepositoryNotFound(input.repository_name.clone(), account))?;
        let tag_holder = repository
            .images
            .iter()
            .position(|i| i.tags.contains(&input.image_tag));
        if let Some(holder) = tag_holder {
            if repository.images[holder].digest == input.image_digest {
                return Ok(
                    json!({ "imageDigest": input.image_digest, "imageTag": input.image_tag }),
                );
            }
            if repository.immutable_tags {
                return Err(EcrError::ImageTagAlreadyExists {
                    tag: input.image_tag,
                    repository: input.repository_name,
                });
            }
            repository.images[holder]
                .tags
                .retain(|t| t != &input.image_tag);
        }
        let findings = repository.scan_on_push.then(|| scan_findings(ctx.rng));
        match repository
            .images
            .iter_mut()
            .find(|i| i.digest == input.image_digest)
        {
            Some(image) => image.tags.push(input.image_tag.clone()),
            None => repository.images.push(Image {
                digest: input.image_digest.clone(),
                tags: vec![input.image_tag.clone()],
                size_bytes: input.size_bytes,
                pushed_at: ctx.now,
                findings,
            }),
        }
        Ok(json!({ "imageDigest": input.image_digest, "imageTag": input.image_tag }))
    }

    /// The image a container definition's `image` names, if it is in this registry.
    pub fn resolve(
        &self,
        image_uri: &str,
        registry: &str,
    ) -> Option<(&Repository, Option<&Image>)> {
        let path = image_uri.strip_prefix(registry)?.strip_prefix('/')?;
        let (name, reference) = match path.split_once('@') {
            Some((name, digest)) => (name, digest),
            None => match path.rsplit_once(':') {
                Some((name, tag)) => (name, tag),
                None => (path, "latest"),
            },
        };
        let repository = self.repositories.get(name)?;
        Some((repository, repository.find(reference)))
    }
}

/// A deterministic, plausible vulnerability summary.
fn scan_findings(rng: &mut Rng) -> BTreeMap<String, u32> {
    let mut findings = BTreeMap::new();
    for (severity, max) in [
        ("CRITICAL", 2),
        ("HIGH", 6),
        ("MEDIUM", 15),
        ("LOW", 25),
        ("INFORMATIONAL", 10),
    ] {
        let count = rng.below(max + 1) as u32;
        if count > 0 {
            findings.insert(severity.to_string(), count);
        }
    }
    findings
}

/// `aws ecr get-login-password`: a token `docker login` accepts for this account.
pub fn login_password(account_id: &str, region: &str) -> String {
    let seed = format!("AWS:{account_id}:{region}");
    let hex: String = seed.bytes().map(|b| format!("{b:02x}")).collect();
    format!("eyJwYXlsb2FkIjoi{hex}In0=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names() {
        for ok in ["web", "ecr-learn-app", "team/web.frontend", "a_b", "ab"] {
            assert!(valid_repository_name(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "Web",
            "web-",
            "-web",
            "team//web",
            "web app",
            "web__",
            "ü",
        ] {
            assert!(!valid_repository_name(bad), "{bad}");
        }
    }
}
