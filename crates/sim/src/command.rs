//! Typed API calls and their dispatch. A [`Command`] is one AWS operation with
//! its input, built from the operation's JSON parameters (the same document
//! `--cli-input-json` takes) by [`Command::from_api`].

use crate::ec2::{self, Ec2Error};
use crate::error::{ApiError, Fault};
use crate::tags::{Filter, Tag};
use crate::world::World;
use crate::{ecr, ecs, elb, iam};
use serde::Deserialize;
use serde_json::{json, Value};

/// The id lists and filters of a `describe-*` call (every EC2 describe has this shape).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInput {
    #[serde(
        default,
        alias = "VpcIds",
        alias = "SubnetIds",
        alias = "RouteTableIds",
        alias = "InternetGatewayIds",
        alias = "NatGatewayIds",
        alias = "AllocationIds",
        alias = "GroupIds",
        alias = "VpcEndpointIds",
        alias = "NetworkInterfaceIds",
        alias = "NetworkAclIds"
    )]
    pub ids: Vec<String>,
    #[serde(default, alias = "Filter")]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub group_names: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagsInput {
    pub resources: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

macro_rules! api_calls {
    ($doc:literal $name:ident { $($op:ident($input:ty)),* $(,)? }) => {
        #[doc = $doc]
        #[derive(Clone, Debug)]
        pub enum $name {
            $($op($input),)*
        }

        impl $name {
            /// The call for `operation` (`CreateVpc`), or `None` if the service has no such operation here.
            fn from_json(operation: &str, params: Value) -> Option<Result<$name, serde_json::Error>> {
                match operation {
                    $(stringify!($op) => Some(serde_json::from_value(params).map($name::$op)),)*
                    _ => None,
                }
            }

            pub fn operation(&self) -> &'static str {
                match self {
                    $($name::$op(_) => stringify!($op),)*
                }
            }
        }
    };
}

api_calls! { "One EC2 operation with its input." Ec2Call {
    CreateVpc(ec2::CreateVpcInput),
    DeleteVpc(ec2::DeleteVpcInput),
    DescribeVpcs(DescribeInput),
    ModifyVpcAttribute(ec2::ModifyVpcAttributeInput),
    DescribeVpcAttribute(ec2::DescribeVpcAttributeInput),
    AssociateVpcCidrBlock(ec2::AssociateVpcCidrBlockInput),
    DisassociateVpcCidrBlock(ec2::DisassociateVpcCidrBlockInput),
    CreateSubnet(ec2::CreateSubnetInput),
    DeleteSubnet(ec2::DeleteSubnetInput),
    DescribeSubnets(DescribeInput),
    ModifySubnetAttribute(ec2::ModifySubnetAttributeInput),
    CreateRouteTable(ec2::CreateRouteTableInput),
    DeleteRouteTable(ec2::DeleteRouteTableInput),
    DescribeRouteTables(DescribeInput),
    AssociateRouteTable(ec2::AssociateRouteTableInput),
    DisassociateRouteTable(ec2::DisassociateRouteTableInput),
    ReplaceRouteTableAssociation(ec2::ReplaceRouteTableAssociationInput),
    CreateRoute(ec2::CreateRouteInput),
    ReplaceRoute(ec2::CreateRouteInput),
    DeleteRoute(ec2::DeleteRouteInput),
    CreateInternetGateway(ec2::CreateInternetGatewayInput),
    AttachInternetGateway(ec2::AttachInternetGatewayInput),
    DetachInternetGateway(ec2::DetachInternetGatewayInput),
    DeleteInternetGateway(ec2::DeleteInternetGatewayInput),
    DescribeInternetGateways(DescribeInput),
    AllocateAddress(ec2::AllocateAddressInput),
    ReleaseAddress(ec2::ReleaseAddressInput),
    DescribeAddresses(DescribeInput),
    CreateNatGateway(ec2::CreateNatGatewayInput),
    CreateLaunchTemplate(ec2::LaunchTemplateInput),
    DescribeLaunchTemplates(ec2::LaunchTemplateInput),
    DeleteLaunchTemplate(ec2::LaunchTemplateInput),
    DeleteNatGateway(ec2::DeleteNatGatewayInput),
    DescribeNatGateways(DescribeInput),
    CreateSecurityGroup(ec2::CreateSecurityGroupInput),
    DeleteSecurityGroup(ec2::DeleteSecurityGroupInput),
    DescribeSecurityGroups(DescribeInput),
    AuthorizeSecurityGroupIngress(ec2::SecurityGroupRulesInput),
    AuthorizeSecurityGroupEgress(ec2::SecurityGroupRulesInput),
    RevokeSecurityGroupIngress(ec2::SecurityGroupRulesInput),
    RevokeSecurityGroupEgress(ec2::SecurityGroupRulesInput),
    CreateVpcEndpoint(ec2::CreateVpcEndpointInput),
    DeleteVpcEndpoints(ec2::DeleteVpcEndpointsInput),
    DescribeVpcEndpoints(DescribeInput),
    DescribeVpcEndpointServices(Value),
    DescribeNetworkInterfaces(DescribeInput),
    CreateNetworkAcl(ec2::CreateNetworkAclInput),
    DeleteNetworkAcl(ec2::DeleteNetworkAclInput),
    DescribeNetworkAcls(DescribeInput),
    CreateNetworkAclEntry(ec2::NetworkAclEntryInput),
    ReplaceNetworkAclEntry(ec2::NetworkAclEntryInput),
    DeleteNetworkAclEntry(ec2::NetworkAclEntryInput),
    ReplaceNetworkAclAssociation(ec2::ReplaceNetworkAclAssociationInput),
    DescribeAvailabilityZones(Value),
    CreateTags(TagsInput),
    DeleteTags(TagsInput),
}}

api_calls! { "One ECR operation with its input." EcrCall {
    CreateRepository(ecr::CreateRepositoryInput),
    DescribeRepositories(ecr::DescribeRepositoriesInput),
    DeleteRepository(ecr::RepositoryNameInput),
    DescribeImages(ecr::RepositoryNameInput),
    ListImages(ecr::RepositoryNameInput),
    BatchDeleteImage(ecr::RepositoryNameInput),
    PushImage(ecr::PushImageInput),
    BatchGetImage(ecr::RepositoryNameInput),
    PutImage(ecr::PutImageInput),
}}

api_calls! { "One ECS operation with its input." EcsCall {
    RegisterTaskDefinition(Box<ecs::RegisterTaskDefinitionInput>),
    DescribeTaskDefinition(ecs::DescribeTaskDefinitionInput),
    DeregisterTaskDefinition(ecs::DeregisterTaskDefinitionInput),
    ListTaskDefinitions(ecs::ListTaskDefinitionsInput),
    ListTaskDefinitionFamilies(ecs::ListTaskDefinitionFamiliesInput),
    CreateCluster(ecs::runtime::CreateClusterInput),
    DeleteCluster(ecs::runtime::ClusterInput),
    UpdateClusterSettings(ecs::runtime::ClusterSettingsInput),
    DescribeClusters(ecs::runtime::ClusterInput),
    ListClusters(Value),
    PutClusterCapacityProviders(ecs::runtime::ClusterInput),
    ListContainerInstances(ecs::runtime::ClusterInput),
    DescribeContainerInstances(ecs::runtime::ClusterInput),
    RunTask(Box<ecs::runtime::RunTaskInput>),
    StopTask(ecs::runtime::TaskInput),
    DescribeTasks(ecs::runtime::TaskInput),
    ListTasks(ecs::runtime::TaskInput),
    CreateService(Box<ecs::runtime::ServiceInput>),
    UpdateService(Box<ecs::runtime::ServiceInput>),
    DeleteService(Box<ecs::runtime::ServiceInput>),
    DescribeServices(Box<ecs::runtime::ServiceInput>),
    ListServices(Box<ecs::runtime::ServiceInput>),
    ExecuteCommand(ecs::execute_command::ExecuteCommandInput),
    CreateCapacityProvider(ecs::capacity_provider::CapacityProviderInput),
    DescribeCapacityProviders(ecs::capacity_provider::CapacityProviderInput),
    DeleteCapacityProvider(ecs::capacity_provider::CapacityProviderInput),
}}

api_calls! { "One EC2 Auto Scaling operation with its input." Ec2AutoScalingCall {
    CreateAutoScalingGroup(Box<crate::auto_scaling_group::AutoScalingGroupInput>),
    DescribeAutoScalingGroups(Box<crate::auto_scaling_group::AutoScalingGroupInput>),
    UpdateAutoScalingGroup(Box<crate::auto_scaling_group::AutoScalingGroupInput>),
    SetDesiredCapacity(Box<crate::auto_scaling_group::AutoScalingGroupInput>),
    DeleteAutoScalingGroup(Box<crate::auto_scaling_group::AutoScalingGroupInput>),
}}

api_calls! { "One EventBridge Scheduler operation with its input." SchedulerCall {
    CreateSchedule(Box<crate::eventbridge_scheduler::ScheduleInput>),
    UpdateSchedule(Box<crate::eventbridge_scheduler::ScheduleInput>),
    GetSchedule(Box<crate::eventbridge_scheduler::ScheduleInput>),
    DeleteSchedule(Box<crate::eventbridge_scheduler::ScheduleInput>),
    ListSchedules(crate::eventbridge_scheduler::ListSchedulesInput),
}}

api_calls! { "One AWS Cloud Map operation with its input." CloudMapCall {
    CreateHttpNamespace(crate::cloud_map::NamespaceInput),
    ListNamespaces(Value),
    GetNamespace(crate::cloud_map::NamespaceInput),
    DeleteNamespace(crate::cloud_map::NamespaceInput),
}}

api_calls! { "One Systems Manager operation with its input." SsmCall {
    DescribeSessions(crate::ssm::DescribeSessionsInput),
    PutParameter(Box<crate::parameter_store::ParameterInput>),
    GetParameter(Box<crate::parameter_store::ParameterInput>),
    GetParameters(Box<crate::parameter_store::ParameterInput>),
    DescribeParameters(Value),
    DeleteParameter(Box<crate::parameter_store::ParameterInput>),
}}

api_calls! { "One CodeCommit operation with its input." CodeCommitCall {
    CreateRepository(Box<crate::codecommit::CodeCommitInput>),
    GetRepository(Box<crate::codecommit::CodeCommitInput>),
    ListRepositories(Value),
    DeleteRepository(Box<crate::codecommit::CodeCommitInput>),
    PutFile(Box<crate::codecommit::CodeCommitInput>),
    GetFile(Box<crate::codecommit::CodeCommitInput>),
    GetCommit(Box<crate::codecommit::CodeCommitInput>),
    CreateBranch(Box<crate::codecommit::CodeCommitInput>),
    GetBranch(Box<crate::codecommit::CodeCommitInput>),
    ListBranches(Box<crate::codecommit::CodeCommitInput>),
    DeleteBranch(Box<crate::codecommit::CodeCommitInput>),
    MergeBranchesByFastForward(Box<crate::codecommit::CodeCommitInput>),
}}

api_calls! { "One CodeBuild operation with its input." CodeBuildCall {
    CreateProject(Box<crate::codebuild::ProjectInput>),
    UpdateProject(Box<crate::codebuild::ProjectInput>),
    BatchGetProjects(Box<crate::codebuild::ProjectInput>),
    ListProjects(Value),
    DeleteProject(Box<crate::codebuild::ProjectInput>),
    StartBuild(Box<crate::codebuild::ProjectInput>),
    StopBuild(Box<crate::codebuild::ProjectInput>),
    BatchGetBuilds(Box<crate::codebuild::ProjectInput>),
    ListBuildsForProject(Box<crate::codebuild::ProjectInput>),
    ListBuilds(Value),
}}

api_calls! { "One Secrets Manager operation with its input." SecretsManagerCall {
    CreateSecret(Box<crate::secrets_manager::SecretInput>),
    DescribeSecret(Box<crate::secrets_manager::SecretInput>),
    GetSecretValue(Box<crate::secrets_manager::SecretInput>),
    PutSecretValue(Box<crate::secrets_manager::SecretInput>),
    ListSecrets(Box<crate::secrets_manager::SecretInput>),
    DeleteSecret(Box<crate::secrets_manager::SecretInput>),
    RestoreSecret(Box<crate::secrets_manager::SecretInput>),
}}

api_calls! { "One Elastic Load Balancing v2 operation with its input." ElbCall {
    CreateLoadBalancer(Box<elb::CreateLoadBalancerInput>),
    DescribeLoadBalancers(elb::DescribeLoadBalancersInput),
    DeleteLoadBalancer(elb::DeleteLoadBalancerInput),
    SetSecurityGroups(elb::SetSecurityGroupsInput),
    CreateTargetGroup(Box<elb::CreateTargetGroupInput>),
    DescribeTargetGroups(elb::DescribeTargetGroupsInput),
    ModifyTargetGroup(Box<elb::ModifyTargetGroupInput>),
    DeleteTargetGroup(elb::DeleteTargetGroupInput),
    DescribeTargetGroupAttributes(elb::DescribeTargetGroupAttributesInput),
    ModifyTargetGroupAttributes(elb::ModifyTargetGroupAttributesInput),
    RegisterTargets(elb::RegisterTargetsInput),
    DeregisterTargets(elb::DeregisterTargetsInput),
    DescribeTargetHealth(elb::DescribeTargetHealthInput),
    CreateListener(Box<elb::CreateListenerInput>),
    DescribeListeners(elb::DescribeListenersInput),
    ModifyListener(Box<elb::ModifyListenerInput>),
    DeleteListener(elb::DeleteListenerInput),
    CreateRule(Box<elb::CreateRuleInput>),
    DescribeRules(elb::DescribeRulesInput),
    ModifyRule(Box<elb::ModifyRuleInput>),
    DeleteRule(elb::DeleteRuleInput),
}}

api_calls! { "One CloudWatch operation with its input." CloudWatchCall {
    GetMetricStatistics(crate::metrics::GetMetricStatisticsInput),
    ListMetrics(crate::metrics::ListMetricsInput),
    PutMetricAlarm(Box<crate::alarms::MetricAlarm>),
    DescribeAlarms(crate::alarms::DescribeAlarmsInput),
    DeleteAlarms(crate::alarms::DeleteAlarmsInput),
    SetAlarmState(crate::alarms::SetAlarmStateInput),
}}

api_calls! { "One CodeDeploy operation with its input." DeployCall {
    ListDeploymentConfigs(crate::deploy::DeploymentConfigInput),
    GetDeploymentConfig(crate::deploy::DeploymentConfigInput),
    CreateDeploymentConfig(crate::deploy::DeploymentConfigInput),
    DeleteDeploymentConfig(crate::deploy::DeploymentConfigInput),
    CreateApplication(crate::deploy::ApplicationInput),
    GetApplication(crate::deploy::ApplicationInput),
    ListApplications(crate::deploy::ApplicationInput),
    DeleteApplication(crate::deploy::ApplicationInput),
    CreateDeploymentGroup(Box<crate::deploy::application::DeploymentGroupInput>),
    GetDeploymentGroup(crate::deploy::ApplicationInput),
    ListDeploymentGroups(crate::deploy::ApplicationInput),
    DeleteDeploymentGroup(crate::deploy::ApplicationInput),
    CreateDeployment(Box<crate::deploy::blue_green::CreateDeploymentInput>),
    GetDeployment(crate::deploy::blue_green::DeploymentInput),
    BatchGetDeployments(crate::deploy::blue_green::DeploymentInput),
    ListDeployments(crate::deploy::blue_green::DeploymentInput),
    StopDeployment(crate::deploy::blue_green::DeploymentInput),
    ContinueDeployment(crate::deploy::blue_green::DeploymentInput),
    ListDeploymentTargets(crate::deploy::blue_green::DeploymentInput),
    GetDeploymentTarget(crate::deploy::blue_green::DeploymentInput),
    PutLifecycleEventHookExecutionStatus(crate::deploy::blue_green::DeploymentInput),
}}

api_calls! { "One Application Auto Scaling operation with its input." AutoScalingCall {
    RegisterScalableTarget(Box<crate::autoscaling::TargetInput>),
    DescribeScalableTargets(Box<crate::autoscaling::TargetInput>),
    DeregisterScalableTarget(Box<crate::autoscaling::TargetInput>),
    PutScalingPolicy(Box<crate::autoscaling::TargetInput>),
    DescribeScalingPolicies(Box<crate::autoscaling::TargetInput>),
    DeleteScalingPolicy(Box<crate::autoscaling::TargetInput>),
    DescribeScalingActivities(Box<crate::autoscaling::TargetInput>),
    PutScheduledAction(Box<crate::autoscaling::TargetInput>),
    DescribeScheduledActions(Box<crate::autoscaling::TargetInput>),
    DeleteScheduledAction(Box<crate::autoscaling::TargetInput>),
}}

api_calls! { "One CloudWatch Logs operation with its input." LogsCall {
    CreateLogGroup(crate::logs::LogsInput),
    DeleteLogGroup(crate::logs::LogsInput),
    DescribeLogGroups(crate::logs::LogsInput),
    DescribeLogStreams(crate::logs::LogsInput),
    GetLogEvents(crate::logs::LogsInput),
    PutRetentionPolicy(crate::logs::LogsInput),
}}

api_calls! { "One STS operation with its input." StsCall {
    AssumeRoleWithWebIdentity(Box<iam::oidc::AssumeRoleWithWebIdentityInput>),
    GetCallerIdentity(Value),
}}

api_calls! { "One IAM operation with its input." IamCall {
    CreateOpenIDConnectProvider(Box<iam::oidc::OidcProviderInput>),
    GetOpenIDConnectProvider(Box<iam::oidc::OidcProviderInput>),
    ListOpenIDConnectProviders(Value),
    DeleteOpenIDConnectProvider(Box<iam::oidc::OidcProviderInput>),
    CreateRole(iam::CreateRoleInput),
    GetRole(iam::RoleInput),
    ListRoles(Value),
    DeleteRole(iam::RoleInput),
    AttachRolePolicy(iam::RoleInput),
    DetachRolePolicy(iam::RoleInput),
    ListAttachedRolePolicies(iam::RoleInput),
    PutRolePolicy(iam::RoleInput),
    DeleteRolePolicy(iam::RoleInput),
    CreateInstanceProfile(iam::InstanceProfileInput),
    GetInstanceProfile(iam::InstanceProfileInput),
    AddRoleToInstanceProfile(iam::InstanceProfileInput),
    RemoveRoleFromInstanceProfile(iam::InstanceProfileInput),
    DeleteInstanceProfile(iam::InstanceProfileInput),
}}

/// Any API call the model supports.
#[derive(Clone, Debug)]
pub enum Command {
    Ec2(Ec2Call),
    Ecr(EcrCall),
    Ecs(EcsCall),
    Iam(IamCall),
    Logs(LogsCall),
    Elbv2(ElbCall),
    CloudWatch(CloudWatchCall),
    AutoScaling(AutoScalingCall),
    Deploy(DeployCall),
    Ssm(SsmCall),
    Scheduler(SchedulerCall),
    Ec2AutoScaling(Ec2AutoScalingCall),
    CloudMap(CloudMapCall),
    SecretsManager(SecretsManagerCall),
    CodeCommit(CodeCommitCall),
    CodeBuild(CodeBuildCall),
    Sts(StsCall),
}

impl Command {
    /// Builds the call for `service` and `operation` from its JSON parameters.
    pub fn from_api(service: &str, operation: &str, params: Value) -> Result<Command, ApiError> {
        let invalid = |e: serde_json::Error| ApiError {
            code: "ParamValidation".into(),
            message: format!("Parameter validation failed:\n{e}"),
            fault: Fault::Client,
        };
        let call = match service {
            "ec2" => Ec2Call::from_json(operation, params).map(|c| c.map(Command::Ec2)),
            "ecr" => EcrCall::from_json(operation, params).map(|c| c.map(Command::Ecr)),
            "ecs" => EcsCall::from_json(operation, params).map(|c| c.map(Command::Ecs)),
            "iam" => IamCall::from_json(operation, params).map(|c| c.map(Command::Iam)),
            "logs" => LogsCall::from_json(operation, params).map(|c| c.map(Command::Logs)),
            "elbv2" => ElbCall::from_json(operation, params).map(|c| c.map(Command::Elbv2)),
            "cloudwatch" => {
                CloudWatchCall::from_json(operation, params).map(|c| c.map(Command::CloudWatch))
            }
            "deploy" => DeployCall::from_json(operation, params).map(|c| c.map(Command::Deploy)),
            "ssm" => SsmCall::from_json(operation, params).map(|c| c.map(Command::Ssm)),
            "sts" => StsCall::from_json(operation, params).map(|c| c.map(Command::Sts)),
            "codebuild" => {
                CodeBuildCall::from_json(operation, params).map(|c| c.map(Command::CodeBuild))
            }
            "codecommit" => {
                CodeCommitCall::from_json(operation, params).map(|c| c.map(Command::CodeCommit))
            }
            "secretsmanager" => SecretsManagerCall::from_json(operation, params)
                .map(|c| c.map(Command::SecretsManager)),
            "servicediscovery" => {
                CloudMapCall::from_json(operation, params).map(|c| c.map(Command::CloudMap))
            }
            "autoscaling" => Ec2AutoScalingCall::from_json(operation, params)
                .map(|c| c.map(Command::Ec2AutoScaling)),
            "scheduler" => {
                SchedulerCall::from_json(operation, params).map(|c| c.map(Command::Scheduler))
            }
            "application-autoscaling" => {
                AutoScalingCall::from_json(operation, params).map(|c| c.map(Command::AutoScaling))
            }
            _ => None,
        };
        match call {
            Some(call) => call.map_err(invalid),
            None => Err(unknown(service, operation)),
        }
    }

    /// The operation's API name, as errors name it (`CreateSubnet`).
    pub fn operation(&self) -> &'static str {
        match self {
            Command::Ec2(call) => call.operation(),
            Command::Ecr(call) => call.operation(),
            Command::Ecs(call) => call.operation(),
            Command::Iam(call) => call.operation(),
            Command::Logs(call) => call.operation(),
            Command::Elbv2(call) => call.operation(),
            Command::CloudWatch(call) => call.operation(),
            Command::AutoScaling(call) => call.operation(),
            Command::Deploy(call) => call.operation(),
            Command::Ssm(call) => call.operation(),
            Command::Scheduler(call) => call.operation(),
            Command::Ec2AutoScaling(call) => call.operation(),
            Command::CloudMap(call) => call.operation(),
            Command::SecretsManager(call) => call.operation(),
            Command::CodeCommit(call) => call.operation(),
            Command::CodeBuild(call) => call.operation(),
            Command::Sts(call) => call.operation(),
        }
    }
}

fn unknown(service: &str, operation: &str) -> ApiError {
    ApiError {
        code: "InvalidAction".into(),
        message: format!("The action {operation} is not valid for this web service ({service})."),
        fault: Fault::Client,
    }
}

pub(crate) fn execute(world: &mut World, command: Command) -> Result<Value, ApiError> {
    match command {
        Command::Ec2(call) => execute_ec2(world, call),
        Command::Ecr(call) => execute_ecr(world, call),
        Command::Ecs(call) => execute_ecs(world, call),
        Command::Iam(call) => execute_iam(world, call),
        Command::Elbv2(call) => execute_elb(world, call),
        Command::CloudWatch(call) => match call {
            CloudWatchCall::GetMetricStatistics(i) => world
                .metrics
                .get_metric_statistics(i)
                .map_err(crate::error::to_api_error),
            CloudWatchCall::ListMetrics(i) => Ok(world.metrics.list_metrics(i)),
            CloudWatchCall::PutMetricAlarm(i) => world
                .alarms
                .put_metric_alarm(*i, world.now)
                .map_err(crate::error::to_api_error),
            CloudWatchCall::DescribeAlarms(i) => {
                Ok(world
                    .alarms
                    .describe_alarms(i, &world.region, &world.account_id))
            }
            CloudWatchCall::DeleteAlarms(i) => world
                .alarms
                .delete_alarms(i)
                .map_err(crate::error::to_api_error),
            CloudWatchCall::SetAlarmState(i) => {
                let now = world.now;
                let (out, fired) = world
                    .alarms
                    .set_alarm_state(i, now)
                    .map_err(crate::error::to_api_error)?;
                world.run_alarm_actions(fired);
                Ok(out)
            }
        },
        Command::Deploy(call) => {
            use DeployCall::*;
            match call {
                ListDeploymentConfigs(_) => Ok(world.deploy.list_deployment_configs()),
                GetDeploymentConfig(i) => world.deploy.get_deployment_config(i),
                CreateDeploymentConfig(i) => {
                    let id = world.rng_uuid();
                    let now = world.now;
                    world.deploy.create_deployment_config(i, id, now)
                }
                DeleteDeploymentConfig(i) => world.deploy.delete_deployment_config(i),
                CreateApplication(i) => world.create_application(i),
                GetApplication(i) => world.get_application(i),
                ListApplications(_) => Ok(world.list_applications()),
                DeleteApplication(i) => world.delete_application(i),
                CreateDeploymentGroup(i) => world.create_deployment_group(*i),
                GetDeploymentGroup(i) => world.get_deployment_group(i),
                ListDeploymentGroups(i) => world.list_deployment_groups(i),
                DeleteDeploymentGroup(i) => world.delete_deployment_group(i),
                CreateDeployment(i) => world.create_deployment(*i),
                GetDeployment(i) => world.get_deployment(i),
                BatchGetDeployments(i) => world.batch_get_deployments(i),
                ListDeployments(i) => world.list_deployments(i),
                StopDeployment(i) => world.stop_deployment(i),
                ContinueDeployment(i) => world.continue_deployment(i),
                ListDeploymentTargets(i) => world.list_deployment_targets(i),
                GetDeploymentTarget(i) => world.get_deployment_target(i),
                PutLifecycleEventHookExecutionStatus(i) => {
                    world.put_lifecycle_event_hook_execution_status(i)
                }
            }
            .map_err(crate::error::to_api_error)
        }
        Command::AutoScaling(call) => {
            use AutoScalingCall::*;
            match call {
                RegisterScalableTarget(i) => world.register_scalable_target(*i),
                DescribeScalableTargets(i) => world.describe_scalable_targets(*i),
                DeregisterScalableTarget(i) => world.deregister_scalable_target(*i),
                PutScalingPolicy(i) => world.put_scaling_policy(*i),
                DescribeScalingPolicies(i) => world.describe_scaling_policies(*i),
                DeleteScalingPolicy(i) => world.delete_scaling_policy(*i),
                DescribeScalingActivities(i) => world.describe_scaling_activities(*i),
                PutScheduledAction(i) => world.put_scheduled_action(*i),
                DescribeScheduledActions(i) => world.describe_scheduled_actions(*i),
                DeleteScheduledAction(i) => world.delete_scheduled_action(*i),
            }
            .map_err(crate::error::to_api_error)
        }
        Command::CloudMap(call) => {
            use CloudMapCall::*;
            let in_use = world.ecs.service_connect_namespaces();
            world
                .with_cloud_map(|namespaces, env| match call {
                    CreateHttpNamespace(i) => namespaces.create_http_namespace(env, i),
                    ListNamespaces(_) => Ok(namespaces.list_namespaces()),
                    GetNamespace(i) => namespaces.get_namespace(i),
                    DeleteNamespace(i) => namespaces.delete_namespace(env, i, &in_use),
                })
                .map_err(crate::error::to_api_error)
        }
        Command::Ec2AutoScaling(call) => {
            use Ec2AutoScalingCall::*;
            let used_by_capacity_provider = match &call {
                DeleteAutoScalingGroup(i) => world.capacity_provider_uses_group(i),
                _ => false,
            };
            world
                .with_auto_scaling_groups(|groups, ec2, env| match call {
                    CreateAutoScalingGroup(i) => groups.create_auto_scaling_group(env, ec2, *i),
                    DescribeAutoScalingGroups(i) => Ok(groups.describe_auto_scaling_groups(*i)),
                    UpdateAutoScalingGroup(i) => groups.update_auto_scaling_group(*i, false),
                    SetDesiredCapacity(i) => groups.update_auto_scaling_group(*i, true),
                    DeleteAutoScalingGroup(i) => {
                        groups.delete_auto_scaling_group(*i, used_by_capacity_provider)
                    }
                })
                .map_err(crate::error::to_api_error)
        }
        Command::Scheduler(call) => {
            use SchedulerCall::*;
            world
                .with_scheduler(|scheduler, env| match call {
                    CreateSchedule(i) => scheduler.put_schedule(env, *i, false),
                    UpdateSchedule(i) => scheduler.put_schedule(env, *i, true),
                    GetSchedule(i) => scheduler.get_schedule(*i),
                    DeleteSchedule(i) => scheduler.delete_schedule(*i),
                    ListSchedules(i) => scheduler.list_schedules(i),
                })
                .map_err(crate::error::to_api_error)
        }
        Command::Ssm(call) => {
            use crate::error::to_api_error;
            use SsmCall::*;
            let (region, account, now) = (&world.region, &world.account_id, world.now);
            let ssm = &mut world.ssm;
            match call {
                DescribeSessions(i) => ssm.describe_sessions(i).map_err(to_api_error),
                PutParameter(i) => ssm.put_parameter(*i, now).map_err(to_api_error),
                GetParameter(i) => ssm.get_parameter(region, account, *i).map_err(to_api_error),
                GetParameters(i) => ssm
                    .get_parameters(region, account, *i)
                    .map_err(to_api_error),
                DescribeParameters(_) => Ok(ssm.describe_parameters()),
                DeleteParameter(i) => ssm.delete_parameter(*i).map_err(to_api_error),
            }
        }
        Command::Sts(StsCall::AssumeRoleWithWebIdentity(i)) => {
            // The session's keys are derived from the token and the time: no random draw.
            let seed = crate::ids::digest_for(&format!("{}#{}", i.web_identity_token, world.now.0));
            let session = seed.get(7..39).unwrap_or_default().to_string();
            world
                .iam
                .assume_role_with_web_identity(*i, &world.account_id, world.now, &session)
                .map_err(crate::error::to_api_error)
        }
        Command::Sts(StsCall::GetCallerIdentity(_)) => Ok(json!({
            "UserId": world.account_id,
            "Account": world.account_id,
            "Arn": format!("arn:aws:iam::{}:root", world.account_id),
        })),
        Command::CodeBuild(call) => {
            use CodeBuildCall::*;
            let (region, now) = (world.region.clone(), world.now);
            match call {
                CreateProject(i) => world.create_project(*i),
                UpdateProject(i) => world.update_project(*i),
                BatchGetProjects(i) => Ok(world.codebuild.batch_get_projects(*i)),
                ListProjects(_) => Ok(world.codebuild.list_projects()),
                DeleteProject(i) => world.delete_project(*i),
                StartBuild(i) => world.start_build(*i),
                StopBuild(i) => world.stop_build(*i),
                BatchGetBuilds(i) => Ok(world.codebuild.batch_get_builds(*i, now, &region)),
                ListBuildsForProject(i) => world.codebuild.list_builds_for_project(*i),
                ListBuilds(_) => Ok(world.codebuild.list_builds()),
            }
            .map_err(crate::error::to_api_error)
        }
        Command::CodeCommit(call) => {
            use CodeCommitCall::*;
            world
                .with_codecommit(|repos, env| match call {
                    CreateRepository(i) => repos.create_repository(env, *i),
                    GetRepository(i) => repos.get_repository(*i, env.region, env.account_id),
                    ListRepositories(_) => Ok(repos.list_repositories()),
                    DeleteRepository(i) => repos.delete_repository(*i),
                    PutFile(i) => repos.put_file(env, *i),
                    GetFile(i) => repos.get_file(*i),
                    GetCommit(i) => repos.get_commit(*i),
                    CreateBranch(i) => repos.create_branch(env, *i),
                    GetBranch(i) => repos.get_branch(*i),
                    ListBranches(i) => repos.list_branches(*i),
                    DeleteBranch(i) => repos.delete_branch(*i),
                    MergeBranchesByFastForward(i) => repos.merge_branches_by_fast_forward(env, *i),
                })
                .map_err(crate::error::to_api_error)
        }
        Command::SecretsManager(call) => {
            use SecretsManagerCall::*;
            world
                .with_secrets(|secrets, env| match call {
                    CreateSecret(i) => secrets.create_secret(env, *i),
                    DescribeSecret(i) => secrets.describe_secret(*i, env.now),
                    GetSecretValue(i) => secrets.get_secret_value(*i, env.now),
                    PutSecretValue(i) => secrets.put_secret_value(env, *i),
                    ListSecrets(i) => Ok(secrets.list_secrets(*i, env.now)),
                    DeleteSecret(i) => secrets.delete_secret(env, *i),
                    RestoreSecret(i) => secrets.restore_secret(env, *i),
                })
                .map_err(crate::error::to_api_error)
        }
        Command::Logs(call) => {
            use LogsCall::*;
            let (region, account, now) =
                (world.region.clone(), world.account_id.clone(), world.now);
            let logs = &mut world.logs;
            match call {
                CreateLogGroup(i) => logs.create_log_group(now, i),
                DeleteLogGroup(i) => logs.delete_log_group(i),
                DescribeLogGroups(i) => Ok(logs.describe_log_groups(&region, &account, i)),
                DescribeLogStreams(i) => logs.describe_log_streams(i),
                GetLogEvents(i) => logs.get_log_events(i),
                PutRetentionPolicy(i) => logs.put_retention_policy(i),
            }
            .map_err(crate::error::to_api_error)
        }
    }
}

fn execute_ec2(world: &mut World, call: Ec2Call) -> Result<Value, ApiError> {
    use Ec2Call::*;
    world.ec2_call(|ec2, ctx| match call {
        CreateVpc(i) => ec2.create_vpc(ctx, i),
        DeleteVpc(i) => ec2.delete_vpc(i),
        DescribeVpcs(i) => ec2.describe_vpcs(ctx, &i.ids, &i.filters),
        ModifyVpcAttribute(i) => ec2.modify_vpc_attribute(i),
        DescribeVpcAttribute(i) => ec2.describe_vpc_attribute(i),
        AssociateVpcCidrBlock(i) => ec2.associate_vpc_cidr_block(ctx, i),
        DisassociateVpcCidrBlock(i) => ec2.disassociate_vpc_cidr_block(i),
        CreateSubnet(i) => ec2.create_subnet(ctx, i),
        DeleteSubnet(i) => ec2.delete_subnet(i),
        DescribeSubnets(i) => ec2.describe_subnets(ctx, &i.ids, &i.filters),
        ModifySubnetAttribute(i) => ec2.modify_subnet_attribute(i),
        CreateRouteTable(i) => ec2.create_route_table(ctx, i),
        DeleteRouteTable(i) => ec2.delete_route_table(i),
        DescribeRouteTables(i) => ec2.describe_route_tables(ctx, &i.ids, &i.filters),
        AssociateRouteTable(i) => ec2.associate_route_table(ctx, i),
        DisassociateRouteTable(i) => ec2.disassociate_route_table(i),
        ReplaceRouteTableAssociation(i) => ec2.replace_route_table_association(ctx, i),
        CreateRoute(i) => ec2.create_route(i),
        ReplaceRoute(i) => ec2.replace_route(i),
        DeleteRoute(i) => ec2.delete_route(i),
        CreateInternetGateway(i) => ec2.create_internet_gateway(ctx, i),
        AttachInternetGateway(i) => ec2.attach_internet_gateway(i),
        DetachInternetGateway(i) => ec2.detach_internet_gateway(i),
        DeleteInternetGateway(i) => ec2.delete_internet_gateway(i),
        DescribeInternetGateways(i) => ec2.describe_internet_gateways(ctx, &i.ids, &i.filters),
        AllocateAddress(i) => ec2.allocate_address(ctx, i),
        ReleaseAddress(i) => ec2.release_address(i),
        DescribeAddresses(i) => ec2.describe_addresses(ctx, &i.ids, &i.filters),
        CreateNatGateway(i) => ec2.create_nat_gateway(ctx, i),
        CreateLaunchTemplate(i) => ec2.create_launch_template(ctx, i),
        DescribeLaunchTemplates(i) => ec2.describe_launch_templates(i),
        DeleteLaunchTemplate(i) => ec2.delete_launch_template(i),
        DeleteNatGateway(i) => ec2.delete_nat_gateway(ctx, i),
        DescribeNatGateways(i) => ec2.describe_nat_gateways(&i.ids, &i.filters),
        CreateSecurityGroup(i) => ec2.create_security_group(ctx, i),
        DeleteSecurityGroup(i) => ec2.delete_security_group(i),
        DescribeSecurityGroups(i) => {
            ec2.describe_security_groups(ctx, &i.ids, &i.group_names, &i.filters)
        }
        AuthorizeSecurityGroupIngress(i) => ec2.authorize_security_group(ctx, i, false),
        AuthorizeSecurityGroupEgress(i) => ec2.authorize_security_group(ctx, i, true),
        RevokeSecurityGroupIngress(i) => ec2.revoke_security_group(ctx, i, false),
        RevokeSecurityGroupEgress(i) => ec2.revoke_security_group(ctx, i, true),
        CreateVpcEndpoint(i) => ec2.create_vpc_endpoint(ctx, i),
        DeleteVpcEndpoints(i) => ec2.delete_vpc_endpoints(i),
        DescribeVpcEndpoints(i) => ec2.describe_vpc_endpoints(ctx, &i.ids, &i.filters),
        DescribeVpcEndpointServices(_) => Ok(ec2.describe_vpc_endpoint_services(ctx)),
        DescribeNetworkInterfaces(i) => ec2.describe_network_interfaces(ctx, &i.ids, &i.filters),
        CreateNetworkAcl(i) => ec2.create_network_acl(ctx, i),
        DeleteNetworkAcl(i) => ec2.delete_network_acl(i),
        DescribeNetworkAcls(i) => ec2.describe_network_acls(ctx, &i.ids, &i.filters),
        CreateNetworkAclEntry(i) => ec2.create_network_acl_entry(i),
        ReplaceNetworkAclEntry(i) => ec2.replace_network_acl_entry(i),
        DeleteNetworkAclEntry(i) => ec2.delete_network_acl_entry(i),
        ReplaceNetworkAclAssociation(i) => ec2.replace_network_acl_association(ctx, i),
        DescribeAvailabilityZones(_) => Ok(json!({
            "AvailabilityZones": ctx.availability_zones.iter().map(|az| json!({
                "State": "available",
                "RegionName": ctx.region,
                "ZoneName": az,
                "ZoneId": ec2::availability_zone_id(az),
                "ZoneType": "availability-zone",
            })).collect::<Vec<_>>()
        })),
        CreateTags(i) => ec2.create_tags(&i.resources, &i.tags, false),
        DeleteTags(i) => ec2.create_tags(&i.resources, &i.tags, true),
    })
}

fn execute_ecr(world: &mut World, call: EcrCall) -> Result<Value, ApiError> {
    use EcrCall::*;
    world.ecr_call(|ecr, ctx| match call {
        CreateRepository(i) => ecr.create_repository(ctx, i),
        DescribeRepositories(i) => ecr.describe_repositories(ctx, i),
        DeleteRepository(i) => ecr.delete_repository(ctx, i),
        DescribeImages(i) => ecr.describe_images(ctx, i),
        ListImages(i) => ecr.list_images(ctx, i),
        BatchDeleteImage(i) => ecr.batch_delete_image(ctx, i),
        PushImage(i) => ecr.push_image(ctx, i),
        BatchGetImage(i) => ecr.batch_get_image(ctx, i),
        PutImage(i) => ecr.put_image(ctx, i),
    })
}

fn execute_ecs(world: &mut World, call: EcsCall) -> Result<Value, ApiError> {
    use crate::error::to_api_error as api;
    use EcsCall::*;
    let (region, account, now) = (world.region.clone(), world.account_id.clone(), world.now);
    let store = &mut world.ecs.task_definitions;
    match call {
        RegisterTaskDefinition(i) => store.register(*i, &region, &account, now).map_err(api),
        DescribeTaskDefinition(i) => store.describe(&i.task_definition, &i.include).map_err(api),
        DeregisterTaskDefinition(i) => store.deregister(&i.task_definition, now).map_err(api),
        ListTaskDefinitions(i) => store
            .list(
                i.family_prefix.as_deref(),
                i.status.as_deref(),
                i.sort.as_deref(),
            )
            .map_err(api),
        ListTaskDefinitionFamilies(i) => store
            .list_families(i.family_prefix.as_deref(), i.status.as_deref())
            .map_err(api),
        CreateCluster(i) => world.ecs_create_cluster(i).map_err(api),
        DeleteCluster(i) => world.ecs_delete_cluster(i).map_err(api),
        UpdateClusterSettings(i) => world.ecs_update_cluster_settings(i).map_err(api),
        DescribeClusters(i) => Ok(world.ecs_describe_clusters(i)),
        ListClusters(_) => Ok(world.ecs_list_clusters()),
        PutClusterCapacityProviders(i) => world.ecs_put_cluster_capacity_providers(i).map_err(api),
        ListContainerInstances(i) => world.ecs_list_container_instances(i).map_err(api),
        DescribeContainerInstances(i) => world.ecs_describe_container_instances(i).map_err(api),
        RunTask(i) => world.ecs_run_task(*i).map_err(api),
        StopTask(i) => world.ecs_stop_task(i).map_err(api),
        DescribeTasks(i) => world.ecs_describe_tasks(i).map_err(api),
        ListTasks(i) => world.ecs_list_tasks(i).map_err(api),
        CreateService(i) => world.ecs_create_service(*i).map_err(api),
        UpdateService(i) => world.ecs_update_service(*i).map_err(api),
        DeleteService(i) => world.ecs_delete_service(*i).map_err(api),
        DescribeServices(i) => world.ecs_describe_services(*i).map_err(api),
        ListServices(i) => world.ecs_list_services(*i).map_err(api),
        ExecuteCommand(i) => world.ecs_execute_command(i).map_err(api),
        CreateCapacityProvider(i) => world.ecs_create_capacity_provider(i).map_err(api),
        DescribeCapacityProviders(i) => Ok(world.ecs_describe_capacity_providers(i)),
        DeleteCapacityProvider(i) => world.ecs_delete_capacity_provider(i).map_err(api),
    }
}

fn execute_elb(world: &mut World, call: ElbCall) -> Result<Value, ApiError> {
    use ElbCall::*;
    let region = world.region.clone();
    world.elb_call(|elb, ctx| match call {
        CreateLoadBalancer(i) => elb.create_load_balancer(ctx, *i),
        DescribeLoadBalancers(i) => elb.describe_load_balancers(&region, i),
        DeleteLoadBalancer(i) => elb.delete_load_balancer(ctx, i),
        SetSecurityGroups(i) => elb.set_security_groups(ctx, i),
        CreateTargetGroup(i) => elb.create_target_group(ctx, *i),
        DescribeTargetGroups(i) => elb.describe_target_groups(i),
        ModifyTargetGroup(i) => elb.modify_target_group(ctx, *i),
        DeleteTargetGroup(i) => elb.delete_target_group(ctx, i),
        DescribeTargetGroupAttributes(i) => elb.describe_target_group_attributes(i),
        ModifyTargetGroupAttributes(i) => elb.modify_target_group_attributes(ctx, i),
        RegisterTargets(i) => elb.register_targets(ctx, i),
        DeregisterTargets(i) => elb.deregister_targets(ctx, i),
        DescribeTargetHealth(i) => elb.describe_target_health(i),
        CreateListener(i) => elb.create_listener(ctx, *i),
        DescribeListeners(i) => elb.describe_listeners(i),
        ModifyListener(i) => elb.modify_listener(ctx, *i),
        DeleteListener(i) => elb.delete_listener(ctx, i),
        CreateRule(i) => elb.create_rule(ctx, *i),
        DescribeRules(i) => elb.describe_rules(i),
        ModifyRule(i) => elb.modify_rule(ctx, *i),
        DeleteRule(i) => elb.delete_rule(ctx, i),
    })
}

fn execute_iam(world: &mut World, call: IamCall) -> Result<Value, ApiError> {
    use IamCall::*;
    let account = world.account_id.clone();
    let now = world.now;
    let (iam, rng) = world.iam_and_rng();
    let result = match call {
        CreateOpenIDConnectProvider(i) => {
            return iam
                .create_open_id_connect_provider(*i, &account, now)
                .map_err(crate::error::to_api_error)
        }
        GetOpenIDConnectProvider(i) => {
            return iam
                .get_open_id_connect_provider(*i)
                .map_err(crate::error::to_api_error)
        }
        ListOpenIDConnectProviders(_) => return Ok(iam.list_open_id_connect_providers(&account)),
        DeleteOpenIDConnectProvider(i) => {
            return iam
                .delete_open_id_connect_provider(*i)
                .map_err(crate::error::to_api_error)
        }
        CreateRole(i) => iam.create_role(&account, now, rng, i),
        GetRole(i) => iam.get_role(&account, i),
        ListRoles(_) => Ok(iam.list_roles(&account)),
        DeleteRole(i) => iam.delete_role(i),
        AttachRolePolicy(i) => iam.attach_role_policy(i),
        DetachRolePolicy(i) => iam.detach_role_policy(i),
        ListAttachedRolePolicies(i) => iam.list_attached_role_policies(i),
        PutRolePolicy(i) => iam.put_role_policy(i),
        DeleteRolePolicy(i) => iam.delete_role_policy(i),
        CreateInstanceProfile(i) => iam.create_instance_profile(&account, now, rng, i),
        GetInstanceProfile(i) => iam.get_instance_profile(&account, i),
        AddRoleToInstanceProfile(i) => iam.add_role_to_instance_profile(i),
        RemoveRoleFromInstanceProfile(i) => iam.remove_role_from_instance_profile(i),
        DeleteInstanceProfile(i) => iam.delete_instance_profile(i),
    };
    result.map_err(crate::error::to_api_error)
}

impl ec2::Ec2 {
    /// CreateTags / DeleteTags on any EC2 resource by id.
    pub fn create_tags(
        &mut self,
        resources: &[String],
        tags: &[Tag],
        delete: bool,
    ) -> Result<Value, Ec2Error> {
        for id in resources {
            if self.tags_mut(id).is_none() {
                return Err(Ec2Error::InvalidId(id.clone()));
            }
        }
        for id in resources {
            if let Some(existing) = self.tags_mut(id) {
                if delete {
                    existing.retain(|t| {
                        !tags
                            .iter()
                            .any(|d| d.key == t.key && (d.value.is_empty() || d.value == t.value))
                    });
                } else {
                    crate::tags::merge_tags(existing, tags);
                }
            }
        }
        Ok(Value::Null)
    }

    fn tags_mut(&mut self, id: &str) -> Option<&mut Vec<Tag>> {
        if let Some(r) = self.vpcs.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.subnets.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.route_tables.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.internet_gateways.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.nat_gateways.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.addresses.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.security_groups.get_mut(id) {
            return Some(&mut r.tags);
        }
        if let Some(r) = self.network_acls.get_mut(id) {
            return Some(&mut r.tags);
        }
        self.vpc_endpoints.get_mut(id).map(|r| &mut r.tags)
    }
}
