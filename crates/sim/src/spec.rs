//! The operations the console knows, with their parameters and types — the
//! slice of the AWS service models the CLI needs to turn `--options` into an
//! API call, validate it, and print help.

/// A parameter's type, as the service model declares it.
#[derive(Debug)]
pub enum Ty {
    Str,
    Int,
    /// A double (`Threshold`, `TargetValue`).
    Float,
    Bool,
    List(&'static Ty),
    Struct(&'static [Member]),
    /// EC2's `AttributeBooleanValue` (`{"Value": true}`), which the CLI also takes as a flag.
    AttrBool,
    /// Any JSON (documents such as policies).
    Any,
}

#[derive(Clone, Copy, Debug)]
pub struct Member {
    pub name: &'static str,
    pub ty: &'static Ty,
    pub required: bool,
}

#[derive(Debug)]
pub struct Operation {
    pub service: &'static str,
    /// The API name: `CreateVpc`.
    pub name: &'static str,
    pub members: &'static [Member],
    pub summary: &'static str,
}

const fn m(name: &'static str, ty: &'static Ty) -> Member {
    Member {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: &'static Ty) -> Member {
    Member {
        name,
        ty,
        required: true,
    }
}

pub static STR: Ty = Ty::Str;
pub static INT: Ty = Ty::Int;
pub static FLOAT: Ty = Ty::Float;
pub static BOOL: Ty = Ty::Bool;
pub static STR_LIST: Ty = Ty::List(&STR);
static TAG: Ty = Ty::Struct(&[m("Key", &STR), m("Value", &STR)]);
static CODEBUILD_SOURCE: Ty = Ty::Struct(&[
    req("type", &STR),
    m("location", &STR),
    m("buildspec", &STR),
    m("gitCloneDepth", &INT),
    m("insecureSsl", &BOOL),
]);
static CODEBUILD_ARTIFACTS: Ty = Ty::Struct(&[req("type", &STR), m("location", &STR)]);
static CODEBUILD_VARIABLE: Ty =
    Ty::Struct(&[req("name", &STR), req("value", &STR), m("type", &STR)]);
static CODEBUILD_VARIABLES: Ty = Ty::List(&CODEBUILD_VARIABLE);
static CODEBUILD_ENVIRONMENT: Ty = Ty::Struct(&[
    req("type", &STR),
    req("image", &STR),
    req("computeType", &STR),
    m("environmentVariables", &CODEBUILD_VARIABLES),
    m("privilegedMode", &BOOL),
    m("imagePullCredentialsType", &STR),
]);
static TAGS: Ty = Ty::List(&TAG);
static TAG_SPEC: Ty = Ty::Struct(&[m("ResourceType", &STR), m("Tags", &TAGS)]);
static TAG_SPECS: Ty = Ty::List(&TAG_SPEC);
static FILTER: Ty = Ty::Struct(&[m("Name", &STR), m("Values", &STR_LIST)]);
static FILTERS: Ty = Ty::List(&FILTER);
static ATTR_BOOL: Ty = Ty::AttrBool;
static IP_RANGE: Ty = Ty::Struct(&[m("CidrIp", &STR), m("Description", &STR)]);
static IPV6_RANGE: Ty = Ty::Struct(&[m("CidrIpv6", &STR), m("Description", &STR)]);
static GROUP_PAIR: Ty = Ty::Struct(&[
    m("GroupId", &STR),
    m("GroupName", &STR),
    m("UserId", &STR),
    m("Description", &STR),
]);
static PREFIX_LIST_ID: Ty = Ty::Struct(&[m("PrefixListId", &STR), m("Description", &STR)]);
static IP_PERMISSION: Ty = Ty::Struct(&[
    m("IpProtocol", &STR),
    m("FromPort", &INT),
    m("ToPort", &INT),
    m("IpRanges", &Ty::List(&IP_RANGE)),
    m("Ipv6Ranges", &Ty::List(&IPV6_RANGE)),
    m("UserIdGroupPairs", &Ty::List(&GROUP_PAIR)),
    m("PrefixListIds", &Ty::List(&PREFIX_LIST_ID)),
]);
static IP_PERMISSIONS: Ty = Ty::List(&IP_PERMISSION);
static PORT_RANGE: Ty = Ty::Struct(&[m("From", &INT), m("To", &INT)]);
static ICMP: Ty = Ty::Struct(&[m("Code", &INT), m("Type", &INT)]);

const DRY_RUN: Member = m("DryRun", &BOOL);

const fn op(name: &'static str, members: &'static [Member], summary: &'static str) -> Operation {
    Operation {
        service: "ec2",
        name,
        members,
        summary,
    }
}

const fn service_op(
    service: &'static str,
    name: &'static str,
    members: &'static [Member],
    summary: &'static str,
) -> Operation {
    Operation {
        service,
        name,
        members,
        summary,
    }
}

static ECR_IMAGE_ID: Ty = Ty::Struct(&[m("imageDigest", &STR), m("imageTag", &STR)]);
static ECR_IMAGE_IDS: Ty = Ty::List(&ECR_IMAGE_ID);
static ECR_SCANNING: Ty = Ty::Struct(&[m("scanOnPush", &BOOL)]);
static ECR_ENCRYPTION: Ty = Ty::Struct(&[m("encryptionType", &STR), m("kmsKey", &STR)]);
static ECR_FILTER: Ty = Ty::Struct(&[m("tagStatus", &STR)]);
static IAM_TAG: Ty = Ty::Struct(&[m("Key", &STR), m("Value", &STR)]);
static IAM_TAGS: Ty = Ty::List(&IAM_TAG);

static FLEXIBLE_TIME_WINDOW: Ty =
    Ty::Struct(&[req("Mode", &STR), m("MaximumWindowInMinutes", &INT)]);
static MANAGED_SCALING: Ty = Ty::Struct(&[
    m("status", &STR),
    m("targetCapacity", &INT),
    m("minimumScalingStepSize", &INT),
    m("maximumScalingStepSize", &INT),
    m("instanceWarmupPeriod", &INT),
]);
static ASG_PROVIDER: Ty = Ty::Struct(&[
    req("autoScalingGroupArn", &STR),
    m("managedScaling", &MANAGED_SCALING),
    m("managedTerminationProtection", &STR),
    m("managedDraining", &STR),
]);
static ASG_LAUNCH_TEMPLATE: Ty = Ty::Struct(&[
    m("LaunchTemplateId", &STR),
    m("LaunchTemplateName", &STR),
    m("Version", &STR),
]);
static SC_ALIAS: Ty = Ty::Struct(&[req("port", &INT), m("dnsName", &STR)]);
static SC_ALIASES: Ty = Ty::List(&SC_ALIAS);
static SC_SERVICE: Ty = Ty::Struct(&[
    req("portName", &STR),
    m("discoveryName", &STR),
    m("clientAliases", &SC_ALIASES),
    m("ingressPortOverride", &INT),
    m("timeout", &ANY),
    m("tls", &ANY),
]);
static SC_SERVICES: Ty = Ty::List(&SC_SERVICE);
static SERVICE_CONNECT: Ty = Ty::Struct(&[
    req("enabled", &BOOL),
    m("namespace", &STR),
    m("services", &SC_SERVICES),
    m("logConfiguration", &ANY),
]);
static SSM_FILTER: Ty = Ty::Struct(&[req("key", &STR), req("value", &STR)]);
static SSM_FILTERS: Ty = Ty::List(&SSM_FILTER);

static ECS_TAG: Ty = Ty::Struct(&[m("key", &STR), m("value", &STR)]);
static ECS_TAGS: Ty = Ty::List(&ECS_TAG);
static CAPACITY_ITEM: Ty = Ty::Struct(&[
    req("capacityProvider", &STR),
    m("weight", &INT),
    m("base", &INT),
]);
static CAPACITY_STRATEGY: Ty = Ty::List(&CAPACITY_ITEM);
static CLUSTER_SETTING: Ty = Ty::Struct(&[m("name", &STR), m("value", &STR)]);
static CLUSTER_SETTINGS: Ty = Ty::List(&CLUSTER_SETTING);
static AWSVPC: Ty = Ty::Struct(&[
    req("subnets", &STR_LIST),
    m("securityGroups", &STR_LIST),
    m("assignPublicIp", &STR),
]);
static NETWORK_CONFIGURATION: Ty = Ty::Struct(&[m("awsvpcConfiguration", &AWSVPC)]);
static PLACEMENT_CONSTRAINT: Ty = Ty::Struct(&[m("type", &STR), m("expression", &STR)]);
static PLACEMENT_CONSTRAINTS: Ty = Ty::List(&PLACEMENT_CONSTRAINT);
static PLACEMENT_STRATEGY_ITEM: Ty = Ty::Struct(&[m("type", &STR), m("field", &STR)]);
static PLACEMENT_STRATEGY: Ty = Ty::List(&PLACEMENT_STRATEGY_ITEM);
static CIRCUIT_BREAKER: Ty = Ty::Struct(&[req("enable", &BOOL), req("rollback", &BOOL)]);
static DEPLOYMENT_ALARMS: Ty = Ty::Struct(&[
    req("alarmNames", &STR_LIST),
    req("enable", &BOOL),
    req("rollback", &BOOL),
]);
static DEPLOYMENT_CONFIGURATION: Ty = Ty::Struct(&[
    m("deploymentCircuitBreaker", &CIRCUIT_BREAKER),
    m("maximumPercent", &INT),
    m("minimumHealthyPercent", &INT),
    m("alarms", &DEPLOYMENT_ALARMS),
]);
static LOAD_BALANCER: Ty = Ty::Struct(&[
    m("targetGroupArn", &STR),
    m("loadBalancerName", &STR),
    m("containerName", &STR),
    m("containerPort", &INT),
]);
static LOAD_BALANCERS: Ty = Ty::List(&LOAD_BALANCER);
static DEPLOYMENT_CONTROLLER: Ty = Ty::Struct(&[req("type", &STR)]);
static ANY: Ty = Ty::Any;

static CW_DIMENSION: Ty = Ty::Struct(&[req("Name", &STR), req("Value", &STR)]);
static CW_DIMENSIONS: Ty = Ty::List(&CW_DIMENSION);
static CW_DIMENSION_FILTER: Ty = Ty::Struct(&[req("Name", &STR), m("Value", &STR)]);
static CW_DIMENSION_FILTERS: Ty = Ty::List(&CW_DIMENSION_FILTER);
static SUSPENDED_STATE: Ty = Ty::Struct(&[
    m("DynamicScalingInSuspended", &BOOL),
    m("DynamicScalingOutSuspended", &BOOL),
    m("ScheduledScalingSuspended", &BOOL),
]);
static PREDEFINED_METRIC: Ty =
    Ty::Struct(&[req("PredefinedMetricType", &STR), m("ResourceLabel", &STR)]);
static TARGET_TRACKING: Ty = Ty::Struct(&[
    req("TargetValue", &FLOAT),
    m("PredefinedMetricSpecification", &PREDEFINED_METRIC),
    m("CustomizedMetricSpecification", &ANY),
    m("ScaleOutCooldown", &INT),
    m("ScaleInCooldown", &INT),
    m("DisableScaleIn", &BOOL),
]);
static STEP_ADJUSTMENT: Ty = Ty::Struct(&[
    m("MetricIntervalLowerBound", &FLOAT),
    m("MetricIntervalUpperBound", &FLOAT),
    req("ScalingAdjustment", &INT),
]);
static STEP_ADJUSTMENTS: Ty = Ty::List(&STEP_ADJUSTMENT);
static STEP_SCALING: Ty = Ty::Struct(&[
    m("AdjustmentType", &STR),
    m("StepAdjustments", &STEP_ADJUSTMENTS),
    m("MinAdjustmentMagnitude", &INT),
    m("Cooldown", &INT),
    m("MetricAggregationType", &STR),
]);
static SCALABLE_TARGET_ACTION: Ty = Ty::Struct(&[m("MinCapacity", &INT), m("MaxCapacity", &INT)]);
static TIME_BASED_CANARY: Ty =
    Ty::Struct(&[m("canaryPercentage", &INT), m("canaryInterval", &INT)]);
static TIME_BASED_LINEAR: Ty =
    Ty::Struct(&[m("linearPercentage", &INT), m("linearInterval", &INT)]);
static TRAFFIC_ROUTING: Ty = Ty::Struct(&[
    m("type", &STR),
    m("timeBasedCanary", &TIME_BASED_CANARY),
    m("timeBasedLinear", &TIME_BASED_LINEAR),
]);
static ECS_SERVICE_REF: Ty = Ty::Struct(&[m("serviceName", &STR), m("clusterName", &STR)]);
static ECS_SERVICE_REFS: Ty = Ty::List(&ECS_SERVICE_REF);
static DEPLOYMENT_STYLE: Ty = Ty::Struct(&[m("deploymentType", &STR), m("deploymentOption", &STR)]);
static APPSPEC_CONTENT: Ty = Ty::Struct(&[m("content", &STR), m("sha256", &STR)]);
static RAW_STRING: Ty = Ty::Struct(&[m("content", &STR), m("sha256", &STR)]);
static REVISION: Ty = Ty::Struct(&[
    m("revisionType", &STR),
    m("s3Location", &ANY),
    m("gitHubLocation", &ANY),
    m("string", &RAW_STRING),
    m("appSpecContent", &APPSPEC_CONTENT),
]);
static ALARM: Ty = Ty::Struct(&[m("name", &STR)]);
static ALARM_CONFIG: Ty = Ty::Struct(&[
    m("enabled", &BOOL),
    m("ignorePollAlarmFailure", &BOOL),
    m("alarms", &Ty::List(&ALARM)),
]);
static AUTO_ROLLBACK: Ty = Ty::Struct(&[m("enabled", &BOOL), m("events", &STR_LIST)]);
static MINIMUM_HEALTHY_HOSTS: Ty = Ty::Struct(&[m("type", &STR), m("value", &INT)]);
const AAS_TARGET: [Member; 3] = [
    req("ServiceNamespace", &STR),
    req("ResourceId", &STR),
    req("ScalableDimension", &STR),
];

pub static OPERATIONS: &[Operation] = &[
    service_op("deploy", "CreateApplication", &[req("applicationName", &STR), m("computePlatform", &STR), m("tags", &ANY)], "Creates an application."),
    service_op("deploy", "GetApplication", &[req("applicationName", &STR)], "Gets information about an application."),
    service_op("deploy", "ListApplications", &[m("nextToken", &STR)], "Lists the applications registered with the user or Amazon Web Services account."),
    service_op("deploy", "DeleteApplication", &[req("applicationName", &STR)], "Deletes an application."),
    service_op("deploy", "CreateDeploymentGroup", &[req("applicationName", &STR), req("deploymentGroupName", &STR), m("deploymentConfigName", &STR), m("ec2TagFilters", &ANY), m("onPremisesInstanceTagFilters", &ANY), m("autoScalingGroups", &STR_LIST), req("serviceRoleArn", &STR), m("triggerConfigurations", &ANY), m("alarmConfiguration", &ALARM_CONFIG), m("autoRollbackConfiguration", &AUTO_ROLLBACK), m("outdatedInstancesStrategy", &STR), m("deploymentStyle", &DEPLOYMENT_STYLE), m("blueGreenDeploymentConfiguration", &ANY), m("loadBalancerInfo", &ANY), m("ec2TagSet", &ANY), m("ecsServices", &ECS_SERVICE_REFS), m("onPremisesTagSet", &ANY), m("tags", &ANY), m("terminationHookEnabled", &BOOL)], "Creates a deployment group to which application revisions are deployed."),
    service_op("deploy", "GetDeploymentGroup", &[req("applicationName", &STR), req("deploymentGroupName", &STR)], "Gets information about a deployment group."),
    service_op("deploy", "ListDeploymentGroups", &[req("applicationName", &STR), m("nextToken", &STR)], "Lists the deployment groups for an application registered with the Amazon Web Services user or Amazon Web Services account."),
    service_op("deploy", "DeleteDeploymentGroup", &[req("applicationName", &STR), req("deploymentGroupName", &STR)], "Deletes a deployment group."),
    service_op("deploy", "CreateDeployment", &[req("applicationName", &STR), m("deploymentGroupName", &STR), m("revision", &REVISION), m("deploymentConfigName", &STR), m("description", &STR), m("ignoreApplicationStopFailures", &BOOL), m("targetInstances", &ANY), m("autoRollbackConfiguration", &AUTO_ROLLBACK), m("updateOutdatedInstancesOnly", &BOOL), m("fileExistsBehavior", &STR), m("overrideAlarmConfiguration", &ALARM_CONFIG)], "Deploys an application revision through the specified deployment group."),
    service_op("deploy", "GetDeployment", &[req("deploymentId", &STR)], "Gets information about a deployment."),
    service_op("deploy", "BatchGetDeployments", &[req("deploymentIds", &STR_LIST)], "Gets information about one or more deployments. The maximum number of deployments that can be returned is 25."),
    service_op("deploy", "ListDeployments", &[m("applicationName", &STR), m("deploymentGroupName", &STR), m("externalId", &STR), m("includeOnlyStatuses", &STR_LIST), m("createTimeRange", &ANY), m("nextToken", &STR)], "Lists the deployments in a deployment group for an application registered with the user or Amazon Web Services account."),
    service_op("deploy", "StopDeployment", &[req("deploymentId", &STR), m("autoRollbackEnabled", &BOOL)], "Attempts to stop an ongoing deployment."),
    service_op("deploy", "ContinueDeployment", &[m("deploymentId", &STR), m("deploymentWaitType", &STR)], "For a blue/green deployment, starts the process of rerouting traffic from instances in the original environment to instances in the replacement environment without waiting for a specified wait time to elapse."),
    service_op("deploy", "ListDeploymentTargets", &[req("deploymentId", &STR), m("nextToken", &STR), m("targetFilters", &ANY)], "Returns an array of target IDs that are associated a deployment."),
    service_op("deploy", "GetDeploymentTarget", &[req("deploymentId", &STR), req("targetId", &STR)], "Returns information about a deployment target."),
    service_op("deploy", "PutLifecycleEventHookExecutionStatus", &[m("deploymentId", &STR), m("lifecycleEventHookExecutionId", &STR), m("status", &STR)], "Sets the result of a Lambda validation function."),
    service_op("deploy", "ListDeploymentConfigs", &[m("nextToken", &STR)], "Lists the deployment configurations with the user or Amazon Web Services account."),
    service_op("deploy", "GetDeploymentConfig", &[req("deploymentConfigName", &STR)], "Gets information about a deployment configuration."),
    service_op("deploy", "CreateDeploymentConfig", &[req("deploymentConfigName", &STR), m("minimumHealthyHosts", &MINIMUM_HEALTHY_HOSTS), m("trafficRoutingConfig", &TRAFFIC_ROUTING), m("computePlatform", &STR), m("zonalConfig", &ANY)], "Creates a deployment configuration."),
    service_op("deploy", "DeleteDeploymentConfig", &[req("deploymentConfigName", &STR)], "Deletes a deployment configuration."),
    service_op("cloudwatch", "PutMetricAlarm", &[req("AlarmName", &STR), m("AlarmDescription", &STR), m("ActionsEnabled", &BOOL), m("OKActions", &STR_LIST), m("AlarmActions", &STR_LIST), m("InsufficientDataActions", &STR_LIST), m("MetricName", &STR), m("Namespace", &STR), m("Statistic", &STR), m("ExtendedStatistic", &STR), m("Dimensions", &CW_DIMENSIONS), m("Period", &INT), m("Unit", &STR), m("EvaluationPeriods", &INT), m("DatapointsToAlarm", &INT), m("Threshold", &FLOAT), m("ComparisonOperator", &STR), m("TreatMissingData", &STR), m("EvaluateLowSampleCountPercentile", &STR), m("Metrics", &ANY), m("Tags", &ANY), m("ThresholdMetricId", &STR)], "Creates or updates an alarm and associates it with the specified metric."),
    service_op("cloudwatch", "DescribeAlarms", &[m("AlarmNames", &STR_LIST), m("AlarmNamePrefix", &STR), m("AlarmTypes", &STR_LIST), m("ChildrenOfAlarmName", &STR), m("ParentsOfAlarmName", &STR), m("StateValue", &STR), m("ActionPrefix", &STR), m("MaxRecords", &INT), m("NextToken", &STR)], "Retrieves the specified alarms."),
    service_op("cloudwatch", "DeleteAlarms", &[req("AlarmNames", &STR_LIST)], "Deletes the specified alarms."),
    service_op("cloudwatch", "SetAlarmState", &[req("AlarmName", &STR), req("StateValue", &STR), req("StateReason", &STR), m("StateReasonData", &STR)], "Temporarily sets the state of an alarm for testing purposes."),
    service_op("application-autoscaling", "RegisterScalableTarget", &[AAS_TARGET[0], AAS_TARGET[1], AAS_TARGET[2], m("MinCapacity", &INT), m("MaxCapacity", &INT), m("RoleARN", &STR), m("SuspendedState", &SUSPENDED_STATE), m("Tags", &ANY)], "Registers or updates a scalable target."),
    service_op("application-autoscaling", "DescribeScalableTargets", &[req("ServiceNamespace", &STR), m("ResourceIds", &STR_LIST), m("ScalableDimension", &STR), m("MaxResults", &INT), m("NextToken", &STR)], "Gets information about the scalable targets in the specified namespace."),
    service_op("application-autoscaling", "DeregisterScalableTarget", &AAS_TARGET, "Deregisters an Application Auto Scaling scalable target when you have finished using it."),
    service_op("application-autoscaling", "PutScalingPolicy", &[req("PolicyName", &STR), AAS_TARGET[0], AAS_TARGET[1], AAS_TARGET[2], m("PolicyType", &STR), m("StepScalingPolicyConfiguration", &STEP_SCALING), m("TargetTrackingScalingPolicyConfiguration", &TARGET_TRACKING), m("PredictiveScalingPolicyConfiguration", &ANY)], "Creates or updates a scaling policy for an Application Auto Scaling scalable target."),
    service_op("application-autoscaling", "DescribeScalingPolicies", &[m("PolicyNames", &STR_LIST), req("ServiceNamespace", &STR), m("ResourceId", &STR), m("ScalableDimension", &STR), m("MaxResults", &INT), m("NextToken", &STR)], "Describes the Application Auto Scaling scaling policies for the specified service namespace."),
    service_op("application-autoscaling", "DeleteScalingPolicy", &[req("PolicyName", &STR), AAS_TARGET[0], AAS_TARGET[1], AAS_TARGET[2]], "Deletes the specified scaling policy for an Application Auto Scaling scalable target."),
    service_op("application-autoscaling", "PutScheduledAction", &[AAS_TARGET[0], m("Schedule", &STR), m("Timezone", &STR), req("ScheduledActionName", &STR), AAS_TARGET[1], AAS_TARGET[2], m("StartTime", &STR), m("EndTime", &STR), m("ScalableTargetAction", &SCALABLE_TARGET_ACTION)], "Creates or updates a scheduled action for an Application Auto Scaling scalable target."),
    service_op("application-autoscaling", "DescribeScheduledActions", &[m("ScheduledActionNames", &STR_LIST), req("ServiceNamespace", &STR), m("ResourceId", &STR), m("ScalableDimension", &STR), m("MaxResults", &INT), m("NextToken", &STR)], "Describes the Application Auto Scaling scheduled actions for the specified service namespace."),
    service_op("application-autoscaling", "DeleteScheduledAction", &[AAS_TARGET[0], req("ScheduledActionName", &STR), AAS_TARGET[1], AAS_TARGET[2]], "Deletes the specified scheduled action for an Application Auto Scaling scalable target."),
    service_op("application-autoscaling", "DescribeScalingActivities", &[req("ServiceNamespace", &STR), m("ResourceId", &STR), m("ScalableDimension", &STR), m("MaxResults", &INT), m("NextToken", &STR), m("IncludeNotScaledActivities", &BOOL)], "Provides descriptive information about the scaling activities in the specified namespace from the previous six weeks."),
    service_op("cloudwatch", "GetMetricStatistics", &[req("Namespace", &STR), req("MetricName", &STR), m("Dimensions", &CW_DIMENSIONS), req("StartTime", &STR), req("EndTime", &STR), req("Period", &INT), m("Statistics", &STR_LIST), m("ExtendedStatistics", &STR_LIST), m("Unit", &STR)], "Gets statistics for the specified metric."),
    service_op("cloudwatch", "ListMetrics", &[m("Namespace", &STR), m("MetricName", &STR), m("Dimensions", &CW_DIMENSION_FILTERS), m("NextToken", &STR)], "List the specified metrics."),
    service_op("scheduler", "CreateSchedule", &[req("Name", &STR), m("GroupName", &STR), req("ScheduleExpression", &STR), m("ScheduleExpressionTimezone", &STR), m("StartDate", &STR), m("EndDate", &STR), m("State", &STR), m("Description", &STR), req("FlexibleTimeWindow", &FLEXIBLE_TIME_WINDOW), req("Target", &ANY), m("ActionAfterCompletion", &STR), m("ClientToken", &STR), m("KmsKeyArn", &STR)], "Creates the specified schedule."),
    service_op("scheduler", "UpdateSchedule", &[req("Name", &STR), m("GroupName", &STR), req("ScheduleExpression", &STR), m("ScheduleExpressionTimezone", &STR), m("StartDate", &STR), m("EndDate", &STR), m("State", &STR), m("Description", &STR), req("FlexibleTimeWindow", &FLEXIBLE_TIME_WINDOW), req("Target", &ANY), m("ActionAfterCompletion", &STR), m("ClientToken", &STR), m("KmsKeyArn", &STR)], "Updates the specified schedule: every field is replaced, including those left out."),
    service_op("scheduler", "GetSchedule", &[req("Name", &STR), m("GroupName", &STR)], "Retrieves the specified schedule."),
    service_op("scheduler", "DeleteSchedule", &[req("Name", &STR), m("GroupName", &STR), m("ClientToken", &STR)], "Deletes the specified schedule."),
    service_op("scheduler", "ListSchedules", &[m("GroupName", &STR), m("NamePrefix", &STR), m("State", &STR), m("MaxResults", &INT), m("NextToken", &STR)], "Returns a paginated list of your EventBridge Scheduler schedules."),
    service_op("autoscaling", "CreateAutoScalingGroup", &[req("AutoScalingGroupName", &STR), m("LaunchTemplate", &ASG_LAUNCH_TEMPLATE), req("MinSize", &INT), req("MaxSize", &INT), m("DesiredCapacity", &INT), m("VPCZoneIdentifier", &STR), m("NewInstancesProtectedFromScaleIn", &BOOL), m("DefaultCooldown", &INT), m("HealthCheckType", &STR), m("HealthCheckGracePeriod", &INT), m("CapacityRebalance", &BOOL), m("Tags", &ANY)], "Creates an Auto Scaling group with the specified name and attributes."),
    service_op("autoscaling", "DescribeAutoScalingGroups", &[m("AutoScalingGroupNames", &STR_LIST), m("MaxRecords", &INT), m("NextToken", &STR), m("Filters", &ANY)], "Gets information about the Auto Scaling groups in the account and Region."),
    service_op("autoscaling", "UpdateAutoScalingGroup", &[req("AutoScalingGroupName", &STR), m("LaunchTemplate", &ASG_LAUNCH_TEMPLATE), m("MinSize", &INT), m("MaxSize", &INT), m("DesiredCapacity", &INT), m("VPCZoneIdentifier", &STR), m("NewInstancesProtectedFromScaleIn", &BOOL)], "Updates the configuration for the specified Auto Scaling group."),
    service_op("autoscaling", "SetDesiredCapacity", &[req("AutoScalingGroupName", &STR), req("DesiredCapacity", &INT), m("HonorCooldown", &BOOL)], "Sets the size of the specified Auto Scaling group."),
    service_op("autoscaling", "DeleteAutoScalingGroup", &[req("AutoScalingGroupName", &STR), m("ForceDelete", &BOOL)], "Deletes the specified Auto Scaling group (with --force-delete, its instances too)."),
    service_op("servicediscovery", "CreateHttpNamespace", &[req("Name", &STR), m("CreatorRequestId", &STR), m("Description", &STR), m("Tags", &ANY)], "Creates an HTTP namespace (the kind ECS Service Connect uses)."),
    service_op("servicediscovery", "ListNamespaces", &[m("NextToken", &STR), m("MaxResults", &INT), m("Filters", &ANY)], "Lists summary information about the namespaces."),
    service_op("servicediscovery", "GetNamespace", &[req("Id", &STR)], "Gets information about a namespace."),
    service_op("servicediscovery", "DeleteNamespace", &[req("Id", &STR)], "Deletes a namespace (no service may use it)."),
    service_op("ssm", "DescribeSessions", &[req("State", &STR), m("MaxResults", &INT), m("NextToken", &STR), m("Filters", &SSM_FILTERS)], "Retrieves a list of all active sessions (both connected and disconnected) or terminated sessions from the past 30 days."),
    service_op("ssm", "PutParameter", &[req("Name", &STR), m("Description", &STR), req("Value", &STR), m("Type", &STR), m("KeyId", &STR), m("Overwrite", &BOOL), m("AllowedPattern", &STR), m("Tags", &ANY), m("Tier", &STR), m("Policies", &STR), m("DataType", &STR)], "Add a parameter to the system (String, StringList or SecureString)."),
    service_op("ssm", "GetParameter", &[req("Name", &STR), m("WithDecryption", &BOOL)], "Get information about a single parameter by specifying the parameter name."),
    service_op("ssm", "GetParameters", &[req("Names", &STR_LIST), m("WithDecryption", &BOOL)], "Get information about one or more parameters by specifying multiple parameter names."),
    service_op("ssm", "DescribeParameters", &[m("Filters", &ANY), m("ParameterFilters", &ANY), m("MaxResults", &INT), m("NextToken", &STR)], "Lists the parameters in your AWS account (metadata only, no values)."),
    service_op("ssm", "DeleteParameter", &[req("Name", &STR)], "Delete a parameter from the system."),
    service_op("codebuild", "CreateProject", &[req("name", &STR), m("description", &STR), req("source", &CODEBUILD_SOURCE), m("sourceVersion", &STR), req("artifacts", &CODEBUILD_ARTIFACTS), req("environment", &CODEBUILD_ENVIRONMENT), req("serviceRole", &STR), m("timeoutInMinutes", &INT), m("queuedTimeoutInMinutes", &INT), m("tags", &ANY), m("logsConfig", &ANY), m("badgeEnabled", &BOOL), m("vpcConfig", &ANY), m("encryptionKey", &STR)], "Creates a build project."),
    service_op("codebuild", "UpdateProject", &[req("name", &STR), m("description", &STR), m("source", &CODEBUILD_SOURCE), m("sourceVersion", &STR), m("artifacts", &CODEBUILD_ARTIFACTS), m("environment", &CODEBUILD_ENVIRONMENT), m("serviceRole", &STR), m("timeoutInMinutes", &INT)], "Changes the settings of a build project."),
    service_op("codebuild", "BatchGetProjects", &[req("names", &STR_LIST)], "Gets information about one or more build projects."),
    service_op("codebuild", "ListProjects", &[m("sortBy", &STR), m("sortOrder", &STR), m("nextToken", &STR)], "Gets a list of build project names."),
    service_op("codebuild", "DeleteProject", &[req("name", &STR)], "Deletes a build project."),
    service_op("codebuild", "StartBuild", &[req("projectName", &STR), m("sourceVersion", &STR), m("environmentVariablesOverride", &CODEBUILD_VARIABLES), m("privilegedModeOverride", &BOOL), m("buildspecOverride", &STR)], "Starts running a build with the settings defined in the project."),
    service_op("codebuild", "StopBuild", &[req("id", &STR)], "Attempts to stop running a build."),
    service_op("codebuild", "BatchGetBuilds", &[req("ids", &STR_LIST)], "Gets information about one or more builds."),
    service_op("codebuild", "ListBuildsForProject", &[req("projectName", &STR), m("sortOrder", &STR), m("nextToken", &STR)], "Gets a list of build identifiers for the specified build project, newest first."),
    service_op("codebuild", "ListBuilds", &[m("sortOrder", &STR), m("nextToken", &STR)], "Gets a list of build IDs, newest first."),
    service_op("codecommit", "CreateRepository", &[req("repositoryName", &STR), m("repositoryDescription", &STR), m("tags", &ANY), m("kmsKeyId", &STR)], "Creates a new, empty repository."),
    service_op("codecommit", "GetRepository", &[req("repositoryName", &STR)], "Returns information about a repository."),
    service_op("codecommit", "ListRepositories", &[m("nextToken", &STR), m("sortBy", &STR), m("order", &STR)], "Gets information about one or more repositories."),
    service_op("codecommit", "DeleteRepository", &[req("repositoryName", &STR)], "Deletes a repository."),
    service_op("codecommit", "PutFile", &[req("repositoryName", &STR), req("branchName", &STR), req("fileContent", &STR), req("filePath", &STR), m("fileMode", &STR), m("parentCommitId", &STR), m("commitMessage", &STR), m("name", &STR), m("email", &STR)], "Adds or updates a file in a branch in a repository, and generates a commit (give the content with fileb://FILE)."),
    service_op("codecommit", "GetFile", &[req("repositoryName", &STR), m("commitSpecifier", &STR), req("filePath", &STR)], "Returns the base-64 encoded contents of a specified file and its metadata."),
    service_op("codecommit", "GetCommit", &[req("repositoryName", &STR), req("commitId", &STR)], "Returns information about a commit."),
    service_op("codecommit", "CreateBranch", &[req("repositoryName", &STR), req("branchName", &STR), req("commitId", &STR)], "Creates a branch in a repository and points the branch to a commit."),
    service_op("codecommit", "GetBranch", &[m("repositoryName", &STR), m("branchName", &STR)], "Returns information about a repository branch, including its name and the last commit ID."),
    service_op("codecommit", "ListBranches", &[req("repositoryName", &STR), m("nextToken", &STR)], "Gets information about one or more branches in a repository."),
    service_op("codecommit", "DeleteBranch", &[req("repositoryName", &STR), req("branchName", &STR)], "Deletes a branch from a repository, unless that branch is the default branch for the repository."),
    service_op("codecommit", "MergeBranchesByFastForward", &[req("repositoryName", &STR), req("sourceCommitSpecifier", &STR), req("destinationCommitSpecifier", &STR), m("targetBranch", &STR)], "Merges two branches using the fast-forward merge strategy."),
    service_op("secretsmanager", "CreateSecret", &[req("Name", &STR), m("ClientRequestToken", &STR), m("Description", &STR), m("KmsKeyId", &STR), m("SecretBinary", &STR), m("SecretString", &STR), m("Tags", &ANY)], "Creates a new secret."),
    service_op("secretsmanager", "DescribeSecret", &[req("SecretId", &STR)], "Retrieves the details of a secret (not its value)."),
    service_op("secretsmanager", "GetSecretValue", &[req("SecretId", &STR), m("VersionId", &STR), m("VersionStage", &STR)], "Retrieves the contents of the encrypted fields SecretString or SecretBinary from the specified version of a secret."),
    service_op("secretsmanager", "PutSecretValue", &[req("SecretId", &STR), m("ClientRequestToken", &STR), m("SecretBinary", &STR), m("SecretString", &STR), m("VersionStages", &STR_LIST)], "Creates a new version of a secret with a new value (running tasks keep the value they started with)."),
    service_op("secretsmanager", "ListSecrets", &[m("IncludePlannedDeletion", &BOOL), m("MaxResults", &INT), m("NextToken", &STR), m("Filters", &ANY)], "Lists the secrets that are stored by Secrets Manager."),
    service_op("secretsmanager", "DeleteSecret", &[req("SecretId", &STR), m("RecoveryWindowInDays", &INT), m("ForceDeleteWithoutRecovery", &BOOL)], "Deletes a secret after a recovery window (7-30 days), or at once with --force-delete-without-recovery."),
    service_op("secretsmanager", "RestoreSecret", &[req("SecretId", &STR)], "Cancels the scheduled deletion of a secret."),
    service_op("logs", "CreateLogGroup", &[req("logGroupName", &STR), m("kmsKeyId", &STR), m("tags", &ANY), m("logGroupClass", &STR)], "Creates a log group with the specified name."),
    service_op("logs", "DeleteLogGroup", &[req("logGroupName", &STR)], "Deletes the specified log group and permanently deletes all the archived log events associated with the log group."),
    service_op("logs", "DescribeLogGroups", &[m("logGroupNamePrefix", &STR), m("limit", &INT), m("nextToken", &STR)], "Returns information about log groups."),
    service_op("logs", "DescribeLogStreams", &[req("logGroupName", &STR), m("logStreamNamePrefix", &STR), m("orderBy", &STR), m("descending", &BOOL), m("limit", &INT), m("nextToken", &STR)], "Lists the log streams for the specified log group."),
    service_op("logs", "GetLogEvents", &[req("logGroupName", &STR), req("logStreamName", &STR), m("startTime", &INT), m("endTime", &INT), m("limit", &INT), m("startFromHead", &BOOL), m("nextToken", &STR)], "Lists log events from the specified log stream."),
    service_op("logs", "PutRetentionPolicy", &[req("logGroupName", &STR), req("retentionInDays", &INT)], "Sets the retention of the specified log group."),
    service_op("logs", "Tail", &[], "Tails the logs for the provided log group: aws logs tail GROUP [--since 10m]."),
    service_op("ecs", "CreateCluster", &[m("clusterName", &STR), m("tags", &ECS_TAGS), m("settings", &CLUSTER_SETTINGS), m("configuration", &ANY), m("capacityProviders", &STR_LIST), m("defaultCapacityProviderStrategy", &CAPACITY_STRATEGY), m("serviceConnectDefaults", &ANY)], "Creates a new Amazon ECS cluster."),
    service_op("ecs", "DeleteCluster", &[req("cluster", &STR)], "Deletes the specified cluster."),
    service_op("ecs", "UpdateClusterSettings", &[req("cluster", &STR), req("settings", &CLUSTER_SETTINGS)], "Modifies the settings to use for a cluster."),
    service_op("ecs", "DescribeClusters", &[m("clusters", &STR_LIST), m("include", &STR_LIST)], "Describes one or more of your clusters."),
    service_op("ecs", "ListClusters", &[m("nextToken", &STR), m("maxResults", &INT)], "Returns a list of existing clusters."),
    service_op("ecs", "PutClusterCapacityProviders", &[req("cluster", &STR), req("capacityProviders", &STR_LIST), req("defaultCapacityProviderStrategy", &CAPACITY_STRATEGY)], "Modifies the available capacity providers and the default capacity provider strategy for a cluster."),
    service_op("ecs", "ListContainerInstances", &[m("cluster", &STR), m("filter", &STR), m("nextToken", &STR), m("maxResults", &INT), m("status", &STR)], "Returns a list of container instances in a specified cluster."),
    service_op("ecs", "DescribeContainerInstances", &[m("cluster", &STR), req("containerInstances", &STR_LIST), m("include", &STR_LIST)], "Describes one or more container instances."),
    service_op("ecs", "RunTask", &[m("capacityProviderStrategy", &CAPACITY_STRATEGY), m("cluster", &STR), m("count", &INT), m("enableECSManagedTags", &BOOL), m("enableExecuteCommand", &BOOL), m("group", &STR), m("launchType", &STR), m("networkConfiguration", &NETWORK_CONFIGURATION), m("overrides", &ANY), m("placementConstraints", &PLACEMENT_CONSTRAINTS), m("placementStrategy", &PLACEMENT_STRATEGY), m("platformVersion", &STR), m("propagateTags", &STR), m("referenceId", &STR), m("startedBy", &STR), m("tags", &ECS_TAGS), req("taskDefinition", &STR), m("clientToken", &STR), m("volumeConfigurations", &ANY)], "Starts a new task using the specified task definition."),
    service_op("ecs", "StopTask", &[m("cluster", &STR), req("task", &STR), m("reason", &STR)], "Stops a running task."),
    service_op("ecs", "DescribeTasks", &[m("cluster", &STR), req("tasks", &STR_LIST), m("include", &STR_LIST)], "Describes a specified task or tasks."),
    service_op("ecs", "ListTasks", &[m("cluster", &STR), m("containerInstance", &STR), m("family", &STR), m("nextToken", &STR), m("maxResults", &INT), m("startedBy", &STR), m("serviceName", &STR), m("desiredStatus", &STR), m("launchType", &STR)], "Returns a list of tasks."),
    service_op("ecs", "CreateService", &[m("cluster", &STR), req("serviceName", &STR), m("taskDefinition", &STR), m("availabilityZoneRebalancing", &STR), m("loadBalancers", &LOAD_BALANCERS), m("serviceRegistries", &ANY), m("desiredCount", &INT), m("clientToken", &STR), m("launchType", &STR), m("capacityProviderStrategy", &CAPACITY_STRATEGY), m("platformVersion", &STR), m("role", &STR), m("deploymentConfiguration", &DEPLOYMENT_CONFIGURATION), m("placementConstraints", &PLACEMENT_CONSTRAINTS), m("placementStrategy", &PLACEMENT_STRATEGY), m("networkConfiguration", &NETWORK_CONFIGURATION), m("healthCheckGracePeriodSeconds", &INT), m("schedulingStrategy", &STR), m("deploymentController", &DEPLOYMENT_CONTROLLER), m("tags", &ECS_TAGS), m("enableECSManagedTags", &BOOL), m("propagateTags", &STR), m("enableExecuteCommand", &BOOL), m("serviceConnectConfiguration", &SERVICE_CONNECT), m("volumeConfigurations", &ANY)], "Runs and maintains your desired number of tasks from a specified task definition."),
    service_op("ecs", "UpdateService", &[m("cluster", &STR), req("service", &STR), m("desiredCount", &INT), m("taskDefinition", &STR), m("capacityProviderStrategy", &CAPACITY_STRATEGY), m("deploymentConfiguration", &DEPLOYMENT_CONFIGURATION), m("availabilityZoneRebalancing", &STR), m("networkConfiguration", &NETWORK_CONFIGURATION), m("placementConstraints", &PLACEMENT_CONSTRAINTS), m("placementStrategy", &PLACEMENT_STRATEGY), m("platformVersion", &STR), m("forceNewDeployment", &BOOL), m("healthCheckGracePeriodSeconds", &INT), m("enableExecuteCommand", &BOOL), m("enableECSManagedTags", &BOOL), m("loadBalancers", &LOAD_BALANCERS), m("propagateTags", &STR), m("serviceRegistries", &ANY), m("serviceConnectConfiguration", &SERVICE_CONNECT)], "Modifies the parameters of a service."),
    service_op("ecs", "ExecuteCommand", &[m("cluster", &STR), m("container", &STR), req("command", &STR), req("interactive", &BOOL), req("task", &STR)], "Runs a command remotely on a container within a task (ECS Exec, through Session Manager)."),
    service_op("ecs", "CreateCapacityProvider", &[req("name", &STR), m("autoScalingGroupProvider", &ASG_PROVIDER), m("clusterName", &STR), m("managedInstancesProvider", &ANY), m("tags", &ECS_TAGS)], "Creates a capacity provider: an Auto Scaling group for a cluster's EC2 capacity, with managed scaling."),
    service_op("ecs", "DescribeCapacityProviders", &[m("capacityProviders", &STR_LIST), m("include", &STR_LIST), m("maxResults", &INT), m("nextToken", &STR)], "Describes one or more of your capacity providers (FARGATE and FARGATE_SPOT included)."),
    service_op("ecs", "DeleteCapacityProvider", &[req("capacityProvider", &STR)], "Deletes the specified capacity provider (it must not be associated with a cluster)."),
    service_op("ecs", "DeleteService", &[m("cluster", &STR), req("service", &STR), m("force", &BOOL)], "Deletes a specified service within a cluster."),
    service_op("ecs", "DescribeServices", &[m("cluster", &STR), req("services", &STR_LIST), m("include", &STR_LIST)], "Describes the specified services running in your cluster."),
    service_op("ecs", "ListServices", &[m("cluster", &STR), m("nextToken", &STR), m("maxResults", &INT), m("launchType", &STR), m("schedulingStrategy", &STR)], "Returns a list of services."),
    service_op("ecr", "CreateRepository", &[req("repositoryName", &STR), m("registryId", &STR), m("tags", &TAGS), m("imageTagMutability", &STR), m("imageScanningConfiguration", &ECR_SCANNING), m("encryptionConfiguration", &ECR_ENCRYPTION)], "Creates a repository."),
    service_op("ecr", "DescribeRepositories", &[m("registryId", &STR), m("repositoryNames", &STR_LIST), m("nextToken", &STR), m("maxResults", &INT)], "Describes image repositories in a registry."),
    service_op("ecr", "DeleteRepository", &[req("repositoryName", &STR), m("registryId", &STR), m("force", &BOOL)], "Deletes a repository. If the repository isn't empty, you must either delete the contents of the repository or use the force option."),
    service_op("ecr", "DescribeImages", &[req("repositoryName", &STR), m("registryId", &STR), m("imageIds", &ECR_IMAGE_IDS), m("nextToken", &STR), m("maxResults", &INT), m("filter", &ECR_FILTER)], "Returns metadata about the images in a repository."),
    service_op("ecr", "ListImages", &[req("repositoryName", &STR), m("registryId", &STR), m("nextToken", &STR), m("maxResults", &INT), m("filter", &ECR_FILTER)], "Lists all the image IDs for the specified repository."),
    service_op("ecr", "BatchDeleteImage", &[req("repositoryName", &STR), req("imageIds", &ECR_IMAGE_IDS), m("registryId", &STR)], "Deletes a list of specified images within a repository."),
    service_op("ecr", "BatchGetImage", &[req("repositoryName", &STR), m("registryId", &STR), req("imageIds", &ECR_IMAGE_IDS), m("acceptedMediaTypes", &STR_LIST)], "Gets detailed information for an image: its manifest."),
    service_op("ecr", "PutImage", &[req("repositoryName", &STR), m("registryId", &STR), req("imageManifest", &STR), m("imageManifestMediaType", &STR), m("imageTag", &STR), m("imageDigest", &STR)], "Creates or updates the image manifest and tags associated with an image (a new tag on an image already in the repository)."),
    service_op("ecr", "GetLoginPassword", &[], "Display a password to use with `docker login` for the account's registry."),
    service_op("iam", "CreateRole", &[req("RoleName", &STR), req("AssumeRolePolicyDocument", &STR), m("Path", &STR), m("Description", &STR), m("MaxSessionDuration", &INT), m("PermissionsBoundary", &STR), m("Tags", &IAM_TAGS)], "Creates a new role for your Amazon Web Services account."),
    service_op("iam", "CreateInstanceProfile", &[req("InstanceProfileName", &STR), m("Path", &STR), m("Tags", &IAM_TAGS)], "Creates a new instance profile: the container an EC2 instance carries its role in."),
    service_op("iam", "GetInstanceProfile", &[req("InstanceProfileName", &STR)], "Retrieves information about the specified instance profile, including its role."),
    service_op("iam", "AddRoleToInstanceProfile", &[req("InstanceProfileName", &STR), req("RoleName", &STR)], "Adds the specified IAM role to the specified instance profile (one role per profile)."),
    service_op("iam", "RemoveRoleFromInstanceProfile", &[req("InstanceProfileName", &STR), req("RoleName", &STR)], "Removes the specified IAM role from the specified instance profile."),
    service_op("iam", "DeleteInstanceProfile", &[req("InstanceProfileName", &STR)], "Deletes the specified instance profile (it must have no role)."),
    service_op("iam", "CreateOpenIDConnectProvider", &[req("Url", &STR), m("ClientIDList", &STR_LIST), m("ThumbprintList", &STR_LIST), m("Tags", &ANY)], "Creates an IAM entity to describe an identity provider (IdP) that supports OpenID Connect (OIDC)."),
    service_op("iam", "GetOpenIDConnectProvider", &[req("OpenIDConnectProviderArn", &STR)], "Returns information about the specified OpenID Connect (OIDC) provider resource object in IAM."),
    service_op("iam", "ListOpenIDConnectProviders", &[], "Lists information about the IAM OpenID Connect (OIDC) provider resource objects defined in the Amazon Web Services account."),
    service_op("iam", "DeleteOpenIDConnectProvider", &[req("OpenIDConnectProviderArn", &STR)], "Deletes an OpenID Connect identity provider (IdP) resource object in IAM."),
    service_op("sts", "AssumeRoleWithWebIdentity", &[req("RoleArn", &STR), req("RoleSessionName", &STR), req("WebIdentityToken", &STR), m("ProviderId", &STR), m("PolicyArns", &ANY), m("Policy", &STR), m("DurationSeconds", &INT)], "Returns a set of temporary security credentials for users who have been authenticated with a web identity provider (e.g. a GitHub Actions workflow)."),
    service_op("sts", "GetCallerIdentity", &[], "Returns details about the IAM user or role whose credentials are used to call the operation."),
    service_op("iam", "GetRole", &[req("RoleName", &STR)], "Retrieves information about the specified role."),
    service_op("iam", "ListRoles", &[m("PathPrefix", &STR), m("Marker", &STR), m("MaxItems", &INT)], "Lists the IAM roles."),
    service_op("iam", "DeleteRole", &[req("RoleName", &STR)], "Deletes the specified role. The role must not have any policies attached."),
    service_op("iam", "AttachRolePolicy", &[req("RoleName", &STR), req("PolicyArn", &STR)], "Attaches the specified managed policy to the specified IAM role."),
    service_op("iam", "DetachRolePolicy", &[req("RoleName", &STR), req("PolicyArn", &STR)], "Removes the specified managed policy from the specified role."),
    service_op("iam", "ListAttachedRolePolicies", &[req("RoleName", &STR), m("PathPrefix", &STR), m("Marker", &STR), m("MaxItems", &INT)], "Lists all managed policies that are attached to the specified IAM role."),
    service_op("iam", "PutRolePolicy", &[req("RoleName", &STR), req("PolicyName", &STR), req("PolicyDocument", &STR)], "Adds or updates an inline policy document that is embedded in the specified IAM role."),
    service_op("iam", "DeleteRolePolicy", &[req("RoleName", &STR), req("PolicyName", &STR)], "Deletes the specified inline policy that is embedded in the specified IAM role."),
    op(
        "CreateVpc",
        &[
            m("CidrBlock", &STR),
            m("AmazonProvidedIpv6CidrBlock", &BOOL),
            m("InstanceTenancy", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a VPC with the specified IPv4 CIDR block.",
    ),
    op(
        "DeleteVpc",
        &[req("VpcId", &STR), DRY_RUN],
        "Deletes the specified VPC.",
    ),
    op(
        "DescribeVpcs",
        &[m("Filters", &FILTERS), m("VpcIds", &STR_LIST), DRY_RUN],
        "Describes one or more of your VPCs.",
    ),
    op(
        "ModifyVpcAttribute",
        &[
            req("VpcId", &STR),
            m("EnableDnsHostnames", &ATTR_BOOL),
            m("EnableDnsSupport", &ATTR_BOOL),
        ],
        "Modifies the specified attribute of the specified VPC.",
    ),
    op(
        "DescribeVpcAttribute",
        &[req("Attribute", &STR), req("VpcId", &STR), DRY_RUN],
        "Describes the specified attribute of the specified VPC.",
    ),
    op(
        "AssociateVpcCidrBlock",
        &[req("VpcId", &STR), m("CidrBlock", &STR)],
        "Associates a CIDR block with your VPC.",
    ),
    op(
        "DisassociateVpcCidrBlock",
        &[req("AssociationId", &STR)],
        "Disassociates a CIDR block from a VPC.",
    ),
    op(
        "CreateSubnet",
        &[
            req("VpcId", &STR),
            m("CidrBlock", &STR),
            m("AvailabilityZone", &STR),
            m("AvailabilityZoneId", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a subnet in the specified VPC.",
    ),
    op(
        "DeleteSubnet",
        &[req("SubnetId", &STR), DRY_RUN],
        "Deletes the specified subnet.",
    ),
    op(
        "DescribeSubnets",
        &[m("Filters", &FILTERS), m("SubnetIds", &STR_LIST), DRY_RUN],
        "Describes your subnets.",
    ),
    op(
        "ModifySubnetAttribute",
        &[req("SubnetId", &STR), m("MapPublicIpOnLaunch", &ATTR_BOOL)],
        "Modifies a subnet attribute.",
    ),
    op(
        "CreateRouteTable",
        &[
            req("VpcId", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a route table for the specified VPC.",
    ),
    op(
        "DeleteRouteTable",
        &[req("RouteTableId", &STR), DRY_RUN],
        "Deletes the specified route table.",
    ),
    op(
        "DescribeRouteTables",
        &[
            m("Filters", &FILTERS),
            m("RouteTableIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes your route tables.",
    ),
    op(
        "AssociateRouteTable",
        &[req("RouteTableId", &STR), m("SubnetId", &STR), DRY_RUN],
        "Associates a subnet with a route table.",
    ),
    op(
        "DisassociateRouteTable",
        &[req("AssociationId", &STR), DRY_RUN],
        "Disassociates a subnet from a route table.",
    ),
    op(
        "ReplaceRouteTableAssociation",
        &[
            req("AssociationId", &STR),
            req("RouteTableId", &STR),
            DRY_RUN,
        ],
        "Changes the route table associated with a subnet, or the VPC's main route table.",
    ),
    op(
        "CreateRoute",
        &[
            req("RouteTableId", &STR),
            m("DestinationCidrBlock", &STR),
            m("GatewayId", &STR),
            m("NatGatewayId", &STR),
            m("VpcEndpointId", &STR),
            DRY_RUN,
        ],
        "Creates a route in a route table within a VPC.",
    ),
    op(
        "ReplaceRoute",
        &[
            req("RouteTableId", &STR),
            m("DestinationCidrBlock", &STR),
            m("GatewayId", &STR),
            m("NatGatewayId", &STR),
            m("VpcEndpointId", &STR),
            DRY_RUN,
        ],
        "Replaces an existing route within a route table.",
    ),
    op(
        "DeleteRoute",
        &[
            req("RouteTableId", &STR),
            m("DestinationCidrBlock", &STR),
            DRY_RUN,
        ],
        "Deletes the specified route from the specified route table.",
    ),
    op(
        "CreateInternetGateway",
        &[m("TagSpecifications", &TAG_SPECS), DRY_RUN],
        "Creates an internet gateway for use with a VPC.",
    ),
    op(
        "AttachInternetGateway",
        &[req("InternetGatewayId", &STR), req("VpcId", &STR), DRY_RUN],
        "Attaches an internet gateway to a VPC.",
    ),
    op(
        "DetachInternetGateway",
        &[req("InternetGatewayId", &STR), req("VpcId", &STR), DRY_RUN],
        "Detaches an internet gateway from a VPC.",
    ),
    op(
        "DeleteInternetGateway",
        &[req("InternetGatewayId", &STR), DRY_RUN],
        "Deletes the specified internet gateway.",
    ),
    op(
        "DescribeInternetGateways",
        &[
            m("Filters", &FILTERS),
            m("InternetGatewayIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes your internet gateways.",
    ),
    op(
        "AllocateAddress",
        &[
            m("Domain", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Allocates an Elastic IP address to your account.",
    ),
    op(
        "ReleaseAddress",
        &[m("AllocationId", &STR), DRY_RUN],
        "Releases the specified Elastic IP address.",
    ),
    op(
        "DescribeAddresses",
        &[
            m("Filters", &FILTERS),
            m("AllocationIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes the specified Elastic IP addresses or all of your Elastic IP addresses.",
    ),
    op(
        "CreateNatGateway",
        &[
            req("SubnetId", &STR),
            m("AllocationId", &STR),
            m("ConnectivityType", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a NAT gateway in the specified subnet.",
    ),
    op(
        "CreateLaunchTemplate",
        &[
            req("LaunchTemplateName", &STR),
            req("LaunchTemplateData", &ANY),
            m("VersionDescription", &STR),
            m("TagSpecifications", &TAG_SPECS),
            m("ClientToken", &STR),
            DRY_RUN,
        ],
        "Creates a launch template: the AMI, instance type, security groups, instance profile and user data (base64) instances start from.",
    ),
    op(
        "DescribeLaunchTemplates",
        &[
            m("LaunchTemplateIds", &STR_LIST),
            m("LaunchTemplateNames", &STR_LIST),
            m("Filters", &FILTERS),
            DRY_RUN,
        ],
        "Describes one or more launch templates.",
    ),
    op(
        "DeleteLaunchTemplate",
        &[m("LaunchTemplateId", &STR), m("LaunchTemplateName", &STR), DRY_RUN],
        "Deletes a launch template (all its versions).",
    ),
    op(
        "DeleteNatGateway",
        &[req("NatGatewayId", &STR), DRY_RUN],
        "Deletes the specified NAT gateway.",
    ),
    op(
        "DescribeNatGateways",
        &[
            m("Filter", &FILTERS),
            m("NatGatewayIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes your NAT gateways.",
    ),
    op(
        "CreateSecurityGroup",
        &[
            req("Description", &STR),
            req("GroupName", &STR),
            m("VpcId", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a security group.",
    ),
    op(
        "DeleteSecurityGroup",
        &[m("GroupId", &STR), m("GroupName", &STR), DRY_RUN],
        "Deletes a security group.",
    ),
    op(
        "DescribeSecurityGroups",
        &[
            m("Filters", &FILTERS),
            m("GroupIds", &STR_LIST),
            m("GroupNames", &STR_LIST),
            DRY_RUN,
        ],
        "Describes the specified security groups or all of your security groups.",
    ),
    op(
        "AuthorizeSecurityGroupIngress",
        &[
            m("GroupId", &STR),
            m("GroupName", &STR),
            m("IpPermissions", &IP_PERMISSIONS),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Adds the specified inbound (ingress) rules to a security group.",
    ),
    op(
        "AuthorizeSecurityGroupEgress",
        &[
            req("GroupId", &STR),
            m("IpPermissions", &IP_PERMISSIONS),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Adds the specified outbound (egress) rules to a security group.",
    ),
    op(
        "RevokeSecurityGroupIngress",
        &[
            m("GroupId", &STR),
            m("GroupName", &STR),
            m("IpPermissions", &IP_PERMISSIONS),
            m("SecurityGroupRuleIds", &STR_LIST),
            DRY_RUN,
        ],
        "Removes the specified inbound (ingress) rules from a security group.",
    ),
    op(
        "RevokeSecurityGroupEgress",
        &[
            req("GroupId", &STR),
            m("IpPermissions", &IP_PERMISSIONS),
            m("SecurityGroupRuleIds", &STR_LIST),
            DRY_RUN,
        ],
        "Removes the specified outbound (egress) rules from a security group.",
    ),
    op(
        "CreateVpcEndpoint",
        &[
            req("VpcId", &STR),
            req("ServiceName", &STR),
            m("VpcEndpointType", &STR),
            m("RouteTableIds", &STR_LIST),
            m("SubnetIds", &STR_LIST),
            m("SecurityGroupIds", &STR_LIST),
            m("PrivateDnsEnabled", &BOOL),
            m("PolicyDocument", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a VPC endpoint for a specified service.",
    ),
    op(
        "DeleteVpcEndpoints",
        &[req("VpcEndpointIds", &STR_LIST), DRY_RUN],
        "Deletes the specified VPC endpoints.",
    ),
    op(
        "DescribeVpcEndpoints",
        &[
            m("Filters", &FILTERS),
            m("VpcEndpointIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes your VPC endpoints.",
    ),
    op(
        "DescribeVpcEndpointServices",
        &[
            m("Filters", &FILTERS),
            m("ServiceNames", &STR_LIST),
            DRY_RUN,
        ],
        "Describes available services to which you can create a VPC endpoint.",
    ),
    op(
        "DescribeNetworkInterfaces",
        &[
            m("Filters", &FILTERS),
            m("NetworkInterfaceIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes the specified network interfaces or all your network interfaces.",
    ),
    op(
        "CreateNetworkAcl",
        &[
            req("VpcId", &STR),
            m("TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        "Creates a network ACL in a VPC.",
    ),
    op(
        "DeleteNetworkAcl",
        &[req("NetworkAclId", &STR), DRY_RUN],
        "Deletes the specified network ACL.",
    ),
    op(
        "DescribeNetworkAcls",
        &[
            m("Filters", &FILTERS),
            m("NetworkAclIds", &STR_LIST),
            DRY_RUN,
        ],
        "Describes your network ACLs.",
    ),
    op(
        "CreateNetworkAclEntry",
        &[
            req("NetworkAclId", &STR),
            req("RuleNumber", &INT),
            req("Protocol", &STR),
            req("RuleAction", &STR),
            req("Egress", &BOOL),
            m("CidrBlock", &STR),
            m("PortRange", &PORT_RANGE),
            m("IcmpTypeCode", &ICMP),
            DRY_RUN,
        ],
        "Creates an entry (a rule) in a network ACL with the specified rule number.",
    ),
    op(
        "ReplaceNetworkAclEntry",
        &[
            req("NetworkAclId", &STR),
            req("RuleNumber", &INT),
            req("Protocol", &STR),
            req("RuleAction", &STR),
            req("Egress", &BOOL),
            m("CidrBlock", &STR),
            m("PortRange", &PORT_RANGE),
            m("IcmpTypeCode", &ICMP),
            DRY_RUN,
        ],
        "Replaces an entry (rule) in a network ACL.",
    ),
    op(
        "DeleteNetworkAclEntry",
        &[
            req("NetworkAclId", &STR),
            req("RuleNumber", &INT),
            req("Egress", &BOOL),
            DRY_RUN,
        ],
        "Deletes the specified ingress or egress entry (rule) from the specified network ACL.",
    ),
    op(
        "ReplaceNetworkAclAssociation",
        &[
            req("AssociationId", &STR),
            req("NetworkAclId", &STR),
            DRY_RUN,
        ],
        "Changes which network ACL a subnet is associated with.",
    ),
    op(
        "DescribeAvailabilityZones",
        &[
            m("Filters", &FILTERS),
            m("ZoneNames", &STR_LIST),
            m("AllAvailabilityZones", &BOOL),
            DRY_RUN,
        ],
        "Describes the Availability Zones that are available to you.",
    ),
    op(
        "CreateTags",
        &[req("Resources", &STR_LIST), req("Tags", &TAGS), DRY_RUN],
        "Adds or overwrites only the specified tags for the specified resources.",
    ),
    op(
        "DeleteTags",
        &[req("Resources", &STR_LIST), m("Tags", &TAGS), DRY_RUN],
        "Deletes the specified set of tags from the specified set of resources.",
    ),
];

/// The services the console offers, with a line of help each.
pub const SERVICES: &[(&str, &str)] = &[
    (
        "application-autoscaling",
        "Application Auto Scaling: scale an ECS service's desired count",
    ),
    (
        "autoscaling",
        "Amazon EC2 Auto Scaling: groups of container instances for capacity providers",
    ),
    ("cloudwatch", "Amazon CloudWatch: metrics and alarms"),
    (
        "deploy",
        "AWS CodeDeploy: applications, ECS deployment groups, deployment configurations",
    ),
    ("ec2", "Amazon Elastic Compute Cloud: VPC networking"),
    (
        "ecr",
        "Amazon Elastic Container Registry: image repositories",
    ),
    (
        "ecs",
        "Amazon Elastic Container Service: clusters, task definitions, tasks, services",
    ),
    (
        "elbv2",
        "Elastic Load Balancing v2: load balancers, target groups, listeners, rules",
    ),
    ("iam", "AWS Identity and Access Management: roles for tasks"),
    ("logs", "Amazon CloudWatch Logs: container logs"),
    (
        "scheduler",
        "Amazon EventBridge Scheduler: run ECS tasks at a time, a rate or a cron schedule",
    ),
    (
        "sts",
        "AWS Security Token Service: temporary credentials (a CI workflow's OIDC token for a role)",
    ),
    (
        "codebuild",
        "AWS CodeBuild: a build project per environment that builds and pushes images",
    ),
    (
        "codecommit",
        "AWS CodeCommit: a Git repository, a branch per environment",
    ),
    (
        "secretsmanager",
        "AWS Secrets Manager: secrets a task reads at start through its execution role",
    ),
    (
        "servicediscovery",
        "AWS Cloud Map: HTTP namespaces for ECS Service Connect",
    ),
    (
        "ssm",
        "AWS Systems Manager: Parameter Store, and Session Manager's history of ECS Exec sessions",
    ),
];

/// `CreateVpc` → `create-vpc`, `AmazonProvidedIpv6CidrBlock` → `amazon-provided-ipv6-cidr-block`
/// (botocore's `xform_name`).
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every operation the console knows: the table above and the ECS task definition ones.
pub fn all_operations() -> impl Iterator<Item = &'static Operation> {
    OPERATIONS
        .iter()
        .chain(crate::ecs::ECS_TASK_DEFINITION_OPERATIONS.iter())
        .chain(crate::elb::ELBV2_OPERATIONS.iter())
}

pub fn operations(service: &str) -> impl Iterator<Item = &'static Operation> + '_ {
    all_operations().filter(move |o| o.service == service)
}

pub fn find_operation(service: &str, cli_name: &str) -> Option<&'static Operation> {
    operations(service).find(|o| kebab(o.name) == cli_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_transform_like_botocore() {
        assert_eq!(kebab("CreateVpc"), "create-vpc");
        assert_eq!(kebab("CidrBlock"), "cidr-block");
        assert_eq!(
            kebab("AmazonProvidedIpv6CidrBlock"),
            "amazon-provided-ipv6-cidr-block"
        );
        assert_eq!(kebab("VpcIds"), "vpc-ids");
        assert_eq!(
            kebab("DescribeVpcEndpointServices"),
            "describe-vpc-endpoint-services"
        );
        assert_eq!(kebab("SecurityGroupRuleIds"), "security-group-rule-ids");
    }

    #[test]
    fn every_operation_is_known_to_the_model() {
        for op in all_operations().filter(|o| o.name != "GetLoginPassword" && o.name != "Tail") {
            let result =
                crate::command::Command::from_api(op.service, op.name, serde_json::json!({}));
            if let Err(e) = result {
                assert_ne!(
                    e.code, "InvalidAction",
                    "{} is in the CLI spec but not in the model",
                    op.name
                );
            }
        }
    }
}
