//! Task sets of a service with the CODE_DEPLOY deployment controller: the
//! PRIMARY set serves production traffic (the service's own task definition,
//! network and target group); during a blue/green deployment CodeDeploy adds
//! an ACTIVE replacement (green) set with the new task definition behind the
//! second target group. `describe-services` shows both as `taskSets`.

use super::load_balancing::ServiceLoadBalancer;
use super::service::AwsVpcConfiguration;
use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The replacement task set a blue/green deployment creates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSet {
    /// `ecs-svc/` and 19 digits; its tasks are `startedBy` this id.
    pub id: String,
    /// The CodeDeploy deployment that created it.
    pub external_id: String,
    pub task_definition_arn: String,
    pub load_balancers: Vec<ServiceLoadBalancer>,
    pub network: Option<AwsVpcConfiguration>,
    pub created_at: SimTime,
}

/// What `TaskSet` shows of one set: the parts that differ between PRIMARY and ACTIVE.
pub struct TaskSetView<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub external_id: Option<&'a str>,
    pub task_definition_arn: &'a str,
    pub load_balancers: &'a [ServiceLoadBalancer],
    pub network: Option<&'a AwsVpcConfiguration>,
    pub created_at: SimTime,
    /// (running, pending).
    pub counts: (usize, usize),
}

impl TaskSetView<'_> {
    /// The `TaskSet` shape (ECS API), inside the service's `taskSets`.
    pub fn shape(
        &self,
        service: &super::service::Service,
        region: &str,
        account_id: &str,
        fargate: bool,
    ) -> Value {
        let (running, pending) = self.counts;
        let desired = service.desired_count as usize;
        let steady = running == desired && pending == 0;
        let mut shape = json!({
            "id": self.id,
            "taskSetArn": format!(
                "arn:aws:ecs:{region}:{account_id}:task-set/{}/{}/{}",
                service.cluster, service.name, self.id
            ),
            "serviceArn": service.arn(region, account_id),
            "clusterArn": format!("arn:aws:ecs:{region}:{account_id}:cluster/{}", service.cluster),
            "status": self.status,
            "taskDefinition": self.task_definition_arn,
            "computedDesiredCount": desired,
            "pendingCount": pending,
            "runningCount": running,
            "createdAt": self.created_at.to_iso8601(),
            "updatedAt": self.created_at.to_iso8601(),
            "launchType": service.launch_type.name(),
            "loadBalancers": self.load_balancers,
            "serviceRegistries": [],
            "scale": { "value": 100.0, "unit": "PERCENT" },
            "stabilityStatus": if steady { "STEADY_STATE" } else { "STABILIZING" },
        });
        if let Value::Object(map) = &mut shape {
            if let Some(external) = self.external_id {
                map.insert("externalId".into(), json!(external));
                map.insert("startedBy".into(), json!("CodeDeploy"));
            }
            if fargate {
                map.insert("platformVersion".into(), json!("1.4.0"));
                map.insert("platformFamily".into(), json!("Linux"));
            }
            if let Some(network) = self.network {
                map.insert(
                    "networkConfiguration".into(),
                    json!({ "awsvpcConfiguration": {
                        "subnets": network.subnets,
                        "securityGroups": network.security_groups,
                        "assignPublicIp": network.assign_public_ip.clone().unwrap_or_else(|| "DISABLED".into()),
                    }}),
                );
            }
        }
        shape
    }
}
