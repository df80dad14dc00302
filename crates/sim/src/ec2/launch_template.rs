//! Launch templates: what an Auto Scaling group starts its instances from —
//! the AMI, the instance type, the security groups, the instance profile that
//! carries the instance's role, and the user data (base64, as the API takes
//! it). For ECS the user data names the cluster the instance's agent joins
//! (`echo ECS_CLUSTER=name >> /etc/ecs/ecs.config`); without it, the agent
//! joins `default`.

use super::{Ec2, Ec2Error, Env};
use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The ECS-optimized Amazon Linux 2023 AMI of the region (as SSM's public
/// parameter `/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended` names it here).
pub const ECS_OPTIMIZED_AMI: &str = "ami-0e4a4c2d2f8d1b7a4";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub created_at: SimTime,
    /// `LaunchTemplateData` as given (one version).
    pub data: Value,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateInput {
    pub launch_template_name: Option<String>,
    pub launch_template_id: Option<String>,
    pub launch_template_data: Option<Value>,
    pub version_description: Option<String>,
    #[serde(default)]
    pub launch_template_names: Vec<String>,
    #[serde(default)]
    pub launch_template_ids: Vec<String>,
}

/// What an instance launched from a template gets.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceSpec {
    pub instance_type: String,
    pub security_group_ids: Vec<String>,
    pub instance_profile: Option<String>,
    /// The cluster the ECS agent joins (`ECS_CLUSTER` in the user data, else `default`).
    pub ecs_cluster: String,
}

impl LaunchTemplate {
    fn shape(&self) -> Value {
        json!({
            "LaunchTemplateId": self.id,
            "LaunchTemplateName": self.name,
            "CreateTime": self.created_at.to_iso8601(),
            "CreatedBy": "arn:aws:iam::123456789012:root",
            "DefaultVersionNumber": 1,
            "LatestVersionNumber": 1,
        })
    }

    /// The instance the template describes.
    pub fn instance_spec(&self) -> InstanceSpec {
        let user_data = self.data["UserData"]
            .as_str()
            .and_then(decode_base64)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let ecs_cluster = user_data
            .split(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .find_map(|w| w.strip_prefix("ECS_CLUSTER="))
            .filter(|name| !name.is_empty())
            .unwrap_or("default")
            .to_string();
        let profile = &self.data["IamInstanceProfile"];
        InstanceSpec {
            instance_type: self.data["InstanceType"]
                .as_str()
                .unwrap_or("t3.small")
                .to_string(),
            security_group_ids: self.data["SecurityGroupIds"]
                .as_array()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            instance_profile: profile["Name"]
                .as_str()
                .or(profile["Arn"].as_str())
                .map(String::from),
            ecs_cluster,
        }
    }
}

/// Standard base64 (padding optional, whitespace ignored); `None` if malformed.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    LENIENT.decode(clean).ok()
}

/// Standard base64 with padding (what `base64` prints).
pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Ec2 {
    /// A template by id or name.
    pub fn launch_template(
        &self,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Result<&LaunchTemplate, Ec2Error> {
        match (id, name) {
            (Some(id), _) => self
                .launch_templates
                .values()
                .find(|t| t.id == id)
                .ok_or_else(|| Ec2Error::LaunchTemplateIdNotFound(id.to_string())),
            (None, Some(name)) => self
                .launch_templates
                .get(name)
                .ok_or_else(|| Ec2Error::LaunchTemplateNameNotFound(name.to_string())),
            (None, None) => Err(Ec2Error::MissingParameter("LaunchTemplateName")),
        }
    }

    pub fn create_launch_template(
        &mut self,
        ctx: &mut Env,
        input: LaunchTemplateInput,
    ) -> Result<Value, Ec2Error> {
        let name = input
            .launch_template_name
            .ok_or(Ec2Error::MissingParameter("LaunchTemplateName"))?;
        let name_ok = (3..=128).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "().-/_".contains(c));
        if !name_ok {
            return Err(Ec2Error::InvalidLaunchTemplateName(name));
        }
        if self.launch_templates.contains_key(&name) {
            return Err(Ec2Error::LaunchTemplateNameInUse);
        }
        let data = input
            .launch_template_data
            .ok_or(Ec2Error::MissingParameter("LaunchTemplateData"))?;
        if !data.is_object() {
            return Err(Ec2Error::MissingParameter("LaunchTemplateData"));
        }
        if let Some(user_data) = data.get("UserData") {
            if user_data.as_str().and_then(decode_base64).is_none() {
                return Err(Ec2Error::UserDataMalformed);
            }
        }
        if let Some(kind) = data.get("InstanceType") {
            let known = kind
                .as_str()
                .is_some_and(|k| super::instance_type::instance_type(k).is_some());
            if !known {
                return Err(Ec2Error::InvalidInstanceType(kind.to_string()));
            }
        }
        for group in data["SecurityGroupIds"].as_array().into_iter().flatten() {
            let id = group.as_str().unwrap_or_default();
            if !self.security_groups.contains_key(id) {
                return Err(Ec2Error::SecurityGroupNotFound(id.to_string()));
            }
        }
        let template = LaunchTemplate {
            id: format!("lt-{}", ctx.rng.hex(17)),
            name: name.clone(),
            created_at: ctx.now,
            data,
        };
        let shape = template.shape();
        self.launch_templates.insert(name, template);
        Ok(json!({ "LaunchTemplate": shape }))
    }

    pub fn describe_launch_templates(&self, input: LaunchTemplateInput) -> Result<Value, Ec2Error> {
        for name in &input.launch_template_names {
            if !self.launch_templates.contains_key(name) {
                return Err(Ec2Error::LaunchTemplateNameNotFound(name.clone()));
            }
        }
        let templates: Vec<Value> = self
            .launch_templates
            .values()
            .filter(|t| {
                input.launch_template_names.is_empty()
                    || input.launch_template_names.contains(&t.name)
            })
            .filter(|t| {
                input.launch_template_ids.is_empty() || input.launch_template_ids.contains(&t.id)
            })
            .map(LaunchTemplate::shape)
            .collect();
        Ok(json!({ "LaunchTemplates": templates }))
    }

    pub fn delete_launch_template(
        &mut self,
        input: LaunchTemplateInput,
    ) -> Result<Value, Ec2Error> {
        let template = self
            .launch_template(
                input.launch_template_id.as_deref(),
                input.launch_template_name.as_deref(),
            )?
            .clone();
        self.launch_templates.remove(&template.name);
        Ok(json!({ "LaunchTemplate": template.shape() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_rejects_garbage() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "#!/bin/bash\necho ECS_CLUSTER=learn >> /etc/ecs/ecs.config\n",
        ] {
            let encoded = encode_base64(text.as_bytes());
            assert_eq!(
                decode_base64(&encoded).as_deref(),
                Some(text.as_bytes()),
                "{text}"
            );
        }
        assert_eq!(encode_base64(b"foob"), "Zm9vYg==");
        assert!(decode_base64("not base64!").is_none());
        assert!(decode_base64("A").is_none());
    }

    #[test]
    fn the_user_data_names_the_cluster() {
        let data = |user_data: &str| LaunchTemplate {
            id: "lt-1".into(),
            name: "t".into(),
            created_at: SimTime::ZERO,
            data: json!({ "UserData": encode_base64(user_data.as_bytes()), "InstanceType": "t3.medium" }),
        };
        let spec =
            data("#!/bin/bash\necho ECS_CLUSTER=learn >> /etc/ecs/ecs.config").instance_spec();
        assert_eq!(
            (spec.ecs_cluster.as_str(), spec.instance_type.as_str()),
            ("learn", "t3.medium")
        );
        assert_eq!(data("#!/bin/bash\n").instance_spec().ecs_cluster, "default");
    }
}
