//! AWS CodeCommit, as far as the notes' CI/CD design needs it (note 001:
//! "one repository, a branch per environment"): repositories, files put
//! straight onto a branch (`put-file`, the CLI's way to commit without git),
//! branches, and fast-forward merges that move a change from one
//! environment's branch to the next. CodeBuild reads a branch's head commit
//! (its `buildspec.yml` and `Dockerfile`).

use crate::clock::SimTime;
use crate::env::Env;
use crate::error::AwsErrorCode;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Repositories kept (the model's cap; AWS allows 5,000 per account).
pub const MAX_REPOSITORIES: usize = 50;
/// Commits kept per repository (the model's cap).
pub const MAX_COMMITS: usize = 500;
/// A file's size limit here (AWS takes up to 6 MB through the API; build files are small).
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// All commits' files together, across repositories: the world is saved in the browser.
pub const MAX_TOTAL_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeCommit {
    /// By name.
    #[serde(default)]
    pub repositories: BTreeMap<String, Repository>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub name: String,
    pub id: String,
    pub description: Option<String>,
    pub created_at: SimTime,
    pub modified_at: SimTime,
    pub default_branch: Option<String>,
    /// Branch name → head commit id.
    pub branches: BTreeMap<String, String>,
    pub commits: BTreeMap<String, Commit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Commit {
    pub id: String,
    pub tree_id: String,
    pub parent: Option<String>,
    pub message: String,
    pub author: String,
    pub email: String,
    pub date: SimTime,
    /// Path → file content (text).
    pub files: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeCommitInput {
    pub repository_name: Option<String>,
    pub repository_description: Option<String>,
    pub branch_name: Option<String>,
    pub commit_id: Option<String>,
    pub file_content: Option<String>,
    pub file_path: Option<String>,
    pub file_mode: Option<String>,
    pub parent_commit_id: Option<String>,
    pub commit_message: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub commit_specifier: Option<String>,
    pub source_commit_specifier: Option<String>,
    pub destination_commit_specifier: Option<String>,
    pub target_branch: Option<String>,
    pub tags: Option<Value>,
    pub kms_key_id: Option<String>,
    pub next_token: Option<String>,
    pub sort_by: Option<String>,
    pub order: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CodeCommitError {
    #[error("Repository named {0} already exists")]
    RepositoryNameExists(String),
    #[error("{0} does not exist")]
    RepositoryDoesNotExist(String),
    #[error("The repository name is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length. Names are case sensitive. For more information, see Limits in the AWS CodeCommit User Guide.")]
    InvalidRepositoryName,
    #[error("A repository name is required, but was not specified.")]
    RepositoryNameRequired,
    #[error("Branch {0} does not exist")]
    BranchDoesNotExist(String),
    #[error("Cannot create the branch with the specified name because the commit conflicts with an existing branch with the same name. Branch names must be unique.")]
    BranchNameExists,
    #[error("A branch name is required, but was not specified.")]
    BranchNameRequired,
    #[error("The specified reference name is not valid.")]
    InvalidBranchName,
    #[error("The specified branch is the default branch for the repository, and cannot be deleted. To delete this branch, you must first set another branch as the default branch.")]
    DefaultBranchCannotBeDeleted,
    #[error("The specified commit does not exist or no commit was specified, and the specified repository has no default branch.")]
    CommitDoesNotExist,
    #[error("The specified commit ID does not exist.")]
    CommitIdDoesNotExist,
    #[error("A commit ID is required, but was not specified.")]
    CommitIdRequired,
    #[error("A commit was not specified.")]
    CommitRequired,
    #[error("The parent commit ID is not valid because it does not exist. The specified parent commit ID does not exist in the specified branch of the repository.")]
    ParentCommitDoesNotExist,
    #[error("The folderPath for a location cannot be null.")]
    PathRequired,
    #[error("The specified file mode permission is not valid. For a list of valid file mode permissions, see PutFile.")]
    InvalidFileMode,
    #[error("A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).")]
    ParentCommitIdRequired,
    #[error("The file could not be added because the provided parent commit ID is not the current tip of the specified branch. To view the full commit ID of the current head of the branch, use GetBranch.")]
    ParentCommitIdOutdated,
    #[error("The file could not be added because the provided file content is the same as the current file content.")]
    SameFileContent,
    #[error("The file cannot be added because it is empty. Empty files cannot be added to the repository with this API.")]
    FileContentRequired,
    #[error("Invalid base64 file content (the CLI sends a blob: give it with fileb://FILE).")]
    InvalidFileContent,
    #[error("The file could not be added because it is too large. This playground keeps files up to {MAX_FILE_BYTES} bytes.")]
    FileContentSizeLimitExceeded,
    #[error("The specified path is not valid.")]
    InvalidPath,
    #[error("The specified file does not exist. Verify that you have used the correct file name, full path, and extension: {0}")]
    FileDoesNotExist(String),
    #[error("The pull request cannot be merged automatically into the destination branch. You must manually merge the branches and resolve any conflicts.")]
    ManualMergeRequired,
    #[error("The maximum number of {0} has been reached in this playground.")]
    LimitExceeded(&'static str),
}

impl AwsErrorCode for CodeCommitError {
    fn code(&self) -> &'static str {
        use CodeCommitError::*;
        match self {
            RepositoryNameExists(_) => "RepositoryNameExistsException",
            RepositoryDoesNotExist(_) => "RepositoryDoesNotExistException",
            InvalidRepositoryName => "InvalidRepositoryNameException",
            RepositoryNameRequired => "RepositoryNameRequiredException",
            BranchDoesNotExist(_) => "BranchDoesNotExistException",
            BranchNameExists => "BranchNameExistsException",
            BranchNameRequired => "BranchNameRequiredException",
            InvalidBranchName => "InvalidBranchNameException",
            DefaultBranchCannotBeDeleted => "DefaultBranchCannotBeDeletedException",
            CommitDoesNotExist => "CommitDoesNotExistException",
            CommitIdDoesNotExist => "CommitIdDoesNotExistException",
            CommitIdRequired => "CommitIdRequiredException",
            CommitRequired => "CommitRequiredException",
            ParentCommitDoesNotExist => "ParentCommitDoesNotExistException",
            PathRequired => "PathRequiredException",
            InvalidFileMode => "InvalidFileModeException",
            InvalidFileContent => "ParamValidation",
            ParentCommitIdRequired => "ParentCommitIdRequiredException",
            ParentCommitIdOutdated => "ParentCommitIdOutdatedException",
            SameFileContent => "SameFileContentException",
            FileContentRequired => "FileContentRequiredException",
            FileContentSizeLimitExceeded => "FileContentSizeLimitExceededException",
            InvalidPath => "InvalidPathException",
            FileDoesNotExist(_) => "FileDoesNotExistException",
            ManualMergeRequired => "ManualMergeRequiredException",
            LimitExceeded(_) => "RepositoryLimitExceededException",
        }
    }
}

/// A stable id for content (the model's blob and tree ids).
fn content_id(text: &str) -> String {
    // The docker model's stable digest, cut to a git-length id.
    let digest = crate::ids::digest_for(text);
    digest.get(7..47).unwrap_or_default().to_string()
}

/// A commit specifier the call must have.
fn required_specifier(given: Option<&String>) -> Result<&String, CodeCommitError> {
    given
        .filter(|s| !s.is_empty())
        .ok_or(CodeCommitError::CommitRequired)
}

fn check_repository_name(name: &str) -> Result<(), CodeCommitError> {
    if name.is_empty() {
        return Err(CodeCommitError::RepositoryNameRequired);
    }
    let valid = name.len() <= 100
        && !name.ends_with(".git")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(CodeCommitError::InvalidRepositoryName)
    }
}

fn check_branch_name(name: &str) -> Result<(), CodeCommitError> {
    if name.is_empty() {
        return Err(CodeCommitError::BranchNameRequired);
    }
    let valid = name.len() <= 256
        && !name.starts_with('/')
        && !name.ends_with('/')
        && !name.contains("..")
        && name
            .chars()
            .all(|c| !c.is_whitespace() && !"~^:?*[\\".contains(c));
    if valid {
        Ok(())
    } else {
        Err(CodeCommitError::InvalidBranchName)
    }
}

impl Repository {
    pub fn arn(&self, region: &str, account: &str) -> String {
        format!("arn:aws:codecommit:{region}:{account}:{}", self.name)
    }

    pub fn clone_url_http(&self, region: &str) -> String {
        format!(
            "https://git-codecommit.{region}.amazonaws.com/v1/repos/{}",
            self.name
        )
    }

    fn metadata(&self, region: &str, account: &str) -> Value {
        let mut shape = json!({
            "accountId": account,
            "repositoryId": self.id,
            "repositoryName": self.name,
            "lastModifiedDate": self.modified_at.to_iso8601(),
            "creationDate": self.created_at.to_iso8601(),
            "cloneUrlHttp": self.clone_url_http(region),
            "cloneUrlSsh": format!("ssh://git-codecommit.{region}.amazonaws.com/v1/repos/{}", self.name),
            "Arn": self.arn(region, account),
        });
        if let Value::Object(map) = &mut shape {
            if let Some(d) = &self.description {
                map.insert("repositoryDescription".into(), json!(d));
            }
            if let Some(b) = &self.default_branch {
                map.insert("defaultBranch".into(), json!(b));
            }
        }
        shape
    }

    /// A commit by id, branch name, or `refs/heads/<branch>`.
    pub fn resolve(&self, specifier: &str) -> Option<&Commit> {
        let branch = specifier.strip_prefix("refs/heads/").unwrap_or(specifier);
        self.branches
            .get(branch)
            .and_then(|id| self.commits.get(id))
            .or_else(|| self.commits.get(specifier))
    }

    /// Whether `ancestor` is `descendant` or one of its parents' line.
    fn is_ancestor(&self, ancestor: &str, descendant: &str) -> bool {
        let mut at = Some(descendant.to_string());
        // Bounded by the number of commits: a parent chain cannot be longer.
        for _ in 0..=self.commits.len() {
            match at {
                Some(id) if id == ancestor => return true,
                Some(id) => at = self.commits.get(&id).and_then(|c| c.parent.clone()),
                None => return false,
            }
        }
        false
    }
}

impl CodeCommit {
    /// Every commit's files, counted in bytes (what the saved world holds).
    fn stored_bytes(&self) -> usize {
        self.repositories
            .values()
            .flat_map(|r| r.commits.values())
            .flat_map(|c| c.files.values())
            .map(String::len)
            .sum()
    }

    fn repository(&self, name: Option<&str>) -> Result<&Repository, CodeCommitError> {
        let name = name.unwrap_or_default();
        check_repository_name(name)?;
        self.repositories
            .get(name)
            .ok_or_else(|| CodeCommitError::RepositoryDoesNotExist(name.to_string()))
    }

    /// A repository by its HTTPS clone URL or name (a CodeBuild source's `location`).
    pub fn by_location(&self, location: &str) -> Option<&Repository> {
        let name = location.rsplit('/').next().unwrap_or(location);
        self.repositories.get(name)
    }

    pub fn get_repository(
        &self,
        input: CodeCommitInput,
        region: &str,
        account: &str,
    ) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        Ok(json!({ "repositoryMetadata": repository.metadata(region, account) }))
    }

    pub fn list_repositories(&self) -> Value {
        let list: Vec<Value> = self
            .repositories
            .values()
            .map(|r| json!({ "repositoryName": r.name, "repositoryId": r.id }))
            .collect();
        json!({ "repositories": list })
    }

    pub fn get_branch(&self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let branch = input.branch_name.unwrap_or_default();
        check_branch_name(&branch)?;
        let commit = repository
            .branches
            .get(&branch)
            .ok_or(CodeCommitError::BranchDoesNotExist(branch.clone()))?;
        Ok(json!({ "branch": { "branchName": branch, "commitId": commit } }))
    }

    pub fn list_branches(&self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        Ok(json!({ "branches": repository.branches.keys().collect::<Vec<_>>() }))
    }

    pub fn get_commit(&self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let id = input
            .commit_id
            .filter(|c| !c.is_empty())
            .ok_or(CodeCommitError::CommitIdRequired)?;
        let commit = repository
            .commits
            .get(&id)
            .ok_or(CodeCommitError::CommitIdDoesNotExist)?;
        // Git's own form: seconds since the Unix epoch and the zone.
        let date = format!(
            "{} +0000",
            crate::clock::EPOCH_UNIX_SECONDS.saturating_add(commit.date.0)
        );
        let person = json!({ "name": commit.author, "email": commit.email, "date": date });
        Ok(json!({ "commit": {
            "commitId": commit.id,
            "treeId": commit.tree_id,
            "parents": commit.parent.iter().collect::<Vec<_>>(),
            "message": commit.message,
            "author": person,
            "committer": person,
            "additionalData": "",
        } }))
    }

    pub fn get_file(&self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let path = input
            .file_path
            .filter(|p| !p.is_empty())
            .ok_or(CodeCommitError::PathRequired)?;
        let commit = match input.commit_specifier.as_deref() {
            Some(spec) => repository.resolve(spec),
            None => repository
                .default_branch
                .as_deref()
                .and_then(|b| repository.resolve(b)),
        }
        .ok_or(CodeCommitError::CommitDoesNotExist)?;
        let content = commit
            .files
            .get(path.trim_start_matches('/'))
            .ok_or_else(|| CodeCommitError::FileDoesNotExist(path.clone()))?;
        Ok(json!({
            "commitId": commit.id,
            "blobId": content_id(content),
            "filePath": path.trim_start_matches('/'),
            "fileMode": "NORMAL",
            "fileSize": content.len(),
            "fileContent": base64::engine::general_purpose::STANDARD.encode(content.as_bytes()),
        }))
    }
}

impl CodeCommit {
    pub(crate) fn create_repository(
        &mut self,
        env: &mut Env,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let name = input.repository_name.unwrap_or_default();
        check_repository_name(&name)?;
        if self.repositories.contains_key(&name) {
            return Err(CodeCommitError::RepositoryNameExists(name));
        }
        if self.repositories.len() >= MAX_REPOSITORIES {
            return Err(CodeCommitError::LimitExceeded("repositories"));
        }
        let id = env.rng.uuid();
        let repository = Repository {
            name: name.clone(),
            id,
            description: input.repository_description,
            created_at: env.now,
            modified_at: env.now,
            default_branch: None,
            branches: BTreeMap::new(),
            commits: BTreeMap::new(),
        };
        let shape = repository.metadata(env.region, env.account_id);
        self.repositories.insert(name, repository);
        Ok(json!({ "repositoryMetadata": shape }))
    }

    pub(crate) fn delete_repository(
        &mut self,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let name = input.repository_name.unwrap_or_default();
        check_repository_name(&name)?;
        // A repository that is already gone gives an empty answer, not an error.
        Ok(match self.repositories.remove(&name) {
            Some(r) => json!({ "repositoryId": r.id }),
            None => json!({}),
        })
    }

    /// PutFile: one file committed onto a branch (the first commit creates the
    /// branch and makes it the default); later commits name the branch's tip
    /// as their parent.
    pub(crate) fn put_file(
        &mut self,
        env: &mut Env,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let now = env.now;
        let repository = self.repository(input.repository_name.as_deref())?;
        let branch = input.branch_name.clone().unwrap_or_default();
        check_branch_name(&branch)?;
        let path = input
            .file_path
            .clone()
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_string();
        if path.is_empty() || path.ends_with('/') || path.split('/').any(|p| p == ".." || p == ".")
        {
            return Err(CodeCommitError::InvalidPath);
        }
        if input
            .file_mode
            .as_deref()
            .is_some_and(|m| !matches!(m, "EXECUTABLE" | "NORMAL" | "SYMLINK"))
        {
            return Err(CodeCommitError::InvalidFileMode);
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(input.file_content.as_deref().unwrap_or_default().trim())
            .map_err(|_| CodeCommitError::InvalidFileContent)?;
        if bytes.is_empty() {
            return Err(CodeCommitError::FileContentRequired);
        }
        if bytes.len() > MAX_FILE_BYTES {
            return Err(CodeCommitError::FileContentSizeLimitExceeded);
        }
        let content = String::from_utf8_lossy(&bytes).into_owned();
        let tip = repository.branches.get(&branch).cloned();
        let parent = match (&tip, input.parent_commit_id.as_deref()) {
            (None, _) if !repository.commits.is_empty() => {
                return Err(CodeCommitError::BranchDoesNotExist(branch))
            }
            (None, _) => None,
            (Some(_), None) => return Err(CodeCommitError::ParentCommitIdRequired),
            (Some(tip), Some(given)) if tip != given => {
                return Err(if repository.commits.contains_key(given) {
                    CodeCommitError::ParentCommitIdOutdated
                } else {
                    CodeCommitError::ParentCommitDoesNotExist
                })
            }
            (Some(tip), Some(_)) => Some(tip.clone()),
        };
        let mut files = parent
            .as_ref()
            .and_then(|p| repository.commits.get(p))
            .map(|c| c.files.clone())
            .unwrap_or_default();
        if files.get(&path) == Some(&content) {
            return Err(CodeCommitError::SameFileContent);
        }
        if repository.commits.len() >= MAX_COMMITS {
            return Err(CodeCommitError::LimitExceeded("commits"));
        }
        files.insert(path.clone(), content.clone());
        let commit_bytes: usize = files.values().map(String::len).sum();
        if self.stored_bytes().saturating_add(commit_bytes) > MAX_TOTAL_BYTES {
            return Err(CodeCommitError::LimitExceeded(
                "stored bytes (1 MiB of every commit's files, across repositories)",
            ));
        }
        let tree_id = content_id(&format!("{files:?}"));
        let id = env.rng.hex(40);
        let commit = Commit {
            id: id.clone(),
            tree_id: tree_id.clone(),
            parent,
            message: input
                .commit_message
                .unwrap_or_else(|| format!("Added {path}")),
            author: input.name.unwrap_or_else(|| "learner".into()),
            email: input.email.unwrap_or_default(),
            date: now,
            files,
        };
        let name = input.repository_name.unwrap_or_default();
        let Some(repository) = self.repositories.get_mut(&name) else {
            return Err(CodeCommitError::RepositoryDoesNotExist(name));
        };
        repository.commits.insert(id.clone(), commit);
        repository.branches.insert(branch.clone(), id.clone());
        repository.default_branch.get_or_insert(branch.clone());
        repository.modified_at = now;
        env.log(
            "codecommit",
            format!(
                "{name}: commit {} on {branch} ({path}).",
                id.get(..7).unwrap_or(&id)
            ),
        );
        Ok(json!({ "commitId": id, "blobId": content_id(&content), "treeId": tree_id }))
    }

    pub(crate) fn create_branch(
        &mut self,
        env: &mut Env,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let branch = input.branch_name.unwrap_or_default();
        check_branch_name(&branch)?;
        if repository.branches.contains_key(&branch) {
            return Err(CodeCommitError::BranchNameExists);
        }
        let commit = input
            .commit_id
            .filter(|c| repository.commits.contains_key(c))
            .ok_or(CodeCommitError::CommitDoesNotExist)?;
        let name = repository.name.clone();
        if let Some(repository) = self.repositories.get_mut(&name) {
            repository.branches.insert(branch, commit);
            repository.modified_at = env.now;
        }
        Ok(json!({}))
    }

    pub(crate) fn delete_branch(
        &mut self,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let branch = input.branch_name.unwrap_or_default();
        check_branch_name(&branch)?;
        if repository.default_branch.as_deref() == Some(branch.as_str()) {
            return Err(CodeCommitError::DefaultBranchCannotBeDeleted);
        }
        let name = repository.name.clone();
        let Some(commit) = self
            .repositories
            .get_mut(&name)
            .and_then(|r| r.branches.remove(&branch))
        else {
            return Ok(json!({}));
        };
        Ok(json!({ "deletedBranch": { "branchName": branch, "commitId": commit } }))
    }

    /// MergeBranchesByFastForward: the target branch moves to the source's
    /// commit when it has nothing the source lacks (a promotion from one
    /// environment's branch to the next).
    pub(crate) fn merge_branches_by_fast_forward(
        &mut self,
        env: &mut Env,
        input: CodeCommitInput,
    ) -> Result<Value, CodeCommitError> {
        let repository = self.repository(input.repository_name.as_deref())?;
        let source = repository
            .resolve(required_specifier(input.source_commit_specifier.as_ref())?)
            .ok_or(CodeCommitError::CommitDoesNotExist)?;
        let destination_specifier =
            required_specifier(input.destination_commit_specifier.as_ref())?;
        if repository.resolve(destination_specifier).is_none() {
            return Err(CodeCommitError::CommitDoesNotExist);
        }
        let target = input
            .target_branch
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| destination_specifier.clone());
        let target = target
            .strip_prefix("refs/heads/")
            .unwrap_or(&target)
            .to_string();
        // The branch that moves must lose nothing: its tip has to be in the source's history.
        let Some(target_tip) = repository.branches.get(&target) else {
            return Err(CodeCommitError::BranchDoesNotExist(target));
        };
        if !repository.is_ancestor(target_tip, &source.id) {
            return Err(CodeCommitError::ManualMergeRequired);
        }
        let moved = *target_tip != source.id;
        let (id, tree) = (source.id.clone(), source.tree_id.clone());
        let name = repository.name.clone();
        if moved {
            if let Some(repository) = self.repositories.get_mut(&name) {
                repository.branches.insert(target.clone(), id.clone());
                repository.modified_at = env.now;
            }
            env.log(
                "codecommit",
                format!(
                    "{name}: {target} fast-forwarded to {}.",
                    id.get(..7).unwrap_or(&id)
                ),
            );
        }
        Ok(json!({ "commitId": id, "treeId": tree }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;

    /// The API run on a world's repositories and `Env`, with the service's own errors.
    trait CodeCommitApi {
        fn create_repository(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError>;
        fn put_file(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError>;
        fn create_branch(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError>;
        fn merge_branches_by_fast_forward(
            &mut self,
            input: CodeCommitInput,
        ) -> Result<Value, CodeCommitError>;
    }

    impl CodeCommitApi for World {
        fn create_repository(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
            self.with_codecommit(|c, env| c.create_repository(env, input))
        }
        fn put_file(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
            self.with_codecommit(|c, env| c.put_file(env, input))
        }
        fn create_branch(&mut self, input: CodeCommitInput) -> Result<Value, CodeCommitError> {
            self.with_codecommit(|c, env| c.create_branch(env, input))
        }
        fn merge_branches_by_fast_forward(
            &mut self,
            input: CodeCommitInput,
        ) -> Result<Value, CodeCommitError> {
            self.with_codecommit(|c, env| c.merge_branches_by_fast_forward(env, input))
        }
    }

    fn encode(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    fn put(
        world: &mut World,
        branch: &str,
        path: &str,
        text: &str,
        parent: Option<&str>,
    ) -> Result<Value, CodeCommitError> {
        world.put_file(CodeCommitInput {
            repository_name: Some("app".into()),
            branch_name: Some(branch.into()),
            file_path: Some(path.into()),
            file_content: Some(encode(text)),
            parent_commit_id: parent.map(Into::into),
            ..Default::default()
        })
    }

    fn repo(world: &mut World) {
        world
            .create_repository(CodeCommitInput {
                repository_name: Some("app".into()),
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn the_first_commit_makes_the_default_branch_and_later_ones_need_the_tip() {
        let mut world = World::new(1);
        repo(&mut world);
        let first = put(&mut world, "main", "Dockerfile", "FROM nginx", None).unwrap();
        let first = first["commitId"].as_str().unwrap().to_string();
        assert_eq!(
            world.codecommit.repositories["app"]
                .default_branch
                .as_deref(),
            Some("main")
        );
        let before = world.clone();
        assert_eq!(
            put(&mut world, "main", "a", "x", None).unwrap_err().code(),
            "ParentCommitIdRequiredException"
        );
        assert_eq!(
            put(&mut world, "main", "Dockerfile", "FROM nginx", Some(&first))
                .unwrap_err()
                .code(),
            "SameFileContentException"
        );
        assert_eq!(
            put(&mut world, "other", "a", "x", None).unwrap_err().code(),
            "BranchDoesNotExistException"
        );
        assert_eq!(world, before);
        let second = put(
            &mut world,
            "main",
            "buildspec.yml",
            "version: 0.2",
            Some(&first),
        )
        .unwrap();
        assert_eq!(
            put(&mut world, "main", "a", "x", Some(&first))
                .unwrap_err()
                .code(),
            "ParentCommitIdOutdatedException"
        );
        let head = world.codecommit.repositories["app"]
            .resolve("refs/heads/main")
            .unwrap();
        assert_eq!(head.id, second["commitId"].as_str().unwrap());
        assert_eq!(head.files.len(), 2);
    }

    #[test]
    fn fast_forward_promotes_a_branch_but_not_a_diverged_one() {
        let mut world = World::new(1);
        repo(&mut world);
        let first = put(&mut world, "main", "f", "1", None).unwrap()["commitId"]
            .as_str()
            .unwrap()
            .to_string();
        world
            .create_branch(CodeCommitInput {
                repository_name: Some("app".into()),
                branch_name: Some("prod".into()),
                commit_id: Some(first.clone()),
                ..Default::default()
            })
            .unwrap();
        let second = put(&mut world, "main", "f", "2", Some(&first)).unwrap()["commitId"]
            .as_str()
            .unwrap()
            .to_string();
        let merge = |world: &mut World, source: &str, target: &str| {
            world.merge_branches_by_fast_forward(CodeCommitInput {
                repository_name: Some("app".into()),
                source_commit_specifier: Some(source.into()),
                destination_commit_specifier: Some(target.into()),
                target_branch: Some(target.into()),
                ..Default::default()
            })
        };
        assert_eq!(
            merge(&mut world, "main", "prod").unwrap()["commitId"],
            json!(second)
        );
        assert_eq!(
            world.codecommit.repositories["app"].branches["prod"],
            second
        );
        // prod moves on by itself: main can no longer be fast-forwarded onto... main.
        let third = put(&mut world, "prod", "f", "3", Some(&second)).unwrap()["commitId"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            merge(&mut world, "main", "prod").unwrap_err().code(),
            "ManualMergeRequiredException"
        );
        assert_eq!(world.codecommit.repositories["app"].branches["prod"], third);
    }

    #[test]
    fn names_and_content_are_checked() {
        let mut world = World::new(1);
        assert_eq!(
            world
                .create_repository(CodeCommitInput {
                    repository_name: Some("bad name".into()),
                    ..Default::default()
                })
                .unwrap_err()
                .code(),
            "InvalidRepositoryNameException"
        );
        repo(&mut world);
        let bad = world.put_file(CodeCommitInput {
            repository_name: Some("app".into()),
            branch_name: Some("main".into()),
            file_path: Some("f".into()),
            file_content: Some("not base64!".into()),
            ..Default::default()
        });
        assert_eq!(bad.unwrap_err().code(), "ParamValidation");
        assert_eq!(
            put(&mut world, "main", "f", "", None).unwrap_err().code(),
            "FileContentRequiredException"
        );
        assert_eq!(
            put(&mut world, "main", "../x", "1", None)
                .unwrap_err()
                .code(),
            "InvalidPathException"
        );
    }
}
