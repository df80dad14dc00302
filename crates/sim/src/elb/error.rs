//! ELBv2's error codes and messages, worded as the service words them.
//!
//! Each message carries its source: (obs) seen in real AWS output quoted in
//! public issues and logs, (doc) the AWS documentation or botocore's model,
//! (moto) moto's ELBv2 emulation where nothing better was found, (model) the
//! playground's own wording where AWS's could not be found.

use crate::error::AwsErrorCode;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ElbError {
    // ── Request shape (AWS's generic validation wording) ────────────────────
    /// (doc: the AWS query-protocol validation format)
    #[error("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: [{allowed}]")]
    EnumValue {
        value: String,
        field: String,
        allowed: &'static str,
    },
    /// (doc: the AWS query-protocol validation format)
    #[error("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have value greater than or equal to {min}")]
    ValueTooSmall {
        value: i64,
        field: &'static str,
        min: i64,
    },
    /// (doc: the AWS query-protocol validation format)
    #[error("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have value less than or equal to {max}")]
    ValueTooLarge {
        value: i64,
        field: &'static str,
        max: i64,
    },
    /// (doc: the AWS query-protocol validation format)
    #[error("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have length less than or equal to {max}")]
    TooLong {
        value: String,
        field: &'static str,
        max: usize,
    },
    /// Wording for parameters the playground does not model (model).
    #[error("{0} is not supported in the playground")]
    Unsupported(String),

    // ── Load balancers ───────────────────────────────────────────────────────
    /// (obs)
    #[error("The load balancer name '{0}' cannot be longer than '32' characters")]
    LbNameTooLong(String),
    /// (obs)
    #[error("The load balancer name '{0}' can only contain characters that are alphanumeric characters and hyphens(-)")]
    LbNameCharacters(String),
    /// (model: the rule is documented, the wording follows the two above)
    #[error("The load balancer name '{0}' cannot begin or end with a hyphen(-)")]
    LbNameHyphen(String),
    /// (model: the rule is documented, the wording follows the two above)
    #[error("The load balancer name '{0}' cannot begin with 'internal-'")]
    LbNameInternal(String),
    /// (doc: botocore's DuplicateLoadBalancerNameException)
    #[error("A load balancer with the specified name already exists.")]
    DuplicateLoadBalancerName,
    /// (obs; reference §9 vector 31)
    #[error("At least two subnets in two different Availability Zones must be specified")]
    TwoSubnetsRequired,
    /// (model)
    #[error("At least one subnet must be specified")]
    SubnetRequired,
    /// (model)
    #[error("You can specify subnets or subnet mappings, not both")]
    SubnetsAndMappings,
    /// (obs; reference §9 vector 32)
    #[error(
        "A load balancer cannot be attached to multiple subnets in the same Availability Zone"
    )]
    SameZoneSubnets,
    /// (model)
    #[error("The subnets '{0}' and '{1}' are in different VPCs")]
    SubnetsInDifferentVpcs(String, String),
    /// (obs)
    #[error("The subnet ID '{0}' does not exist")]
    SubnetNotFound(String),
    /// (obs; reference §4)
    #[error("Not enough IP space available in {0}. ELB requires at least 8 free IP addresses in each subnet.")]
    NotEnoughIpSpace(String),
    /// (obs, openshift/installer#1110)
    #[error("VPC {0} has no internet gateway")]
    NoInternetGateway(String),
    /// (obs, aws-load-balancer-controller#2371)
    #[error("The security group '{0}' does not exist")]
    SecurityGroupNotFound(String),
    /// (obs, pulumi-awsx#816)
    #[error("Security group '{group}' does not belong to VPC '{vpc}'")]
    SecurityGroupInOtherVpc { group: String, vpc: String },
    /// (model; the limit of 5 is documented)
    #[error("You cannot specify more than 5 security groups for a load balancer")]
    TooManySecurityGroups,
    /// (model)
    #[error("At least one security group must be specified for an Application Load Balancer")]
    SecurityGroupRequired,
    /// (model; the rule is documented in SetSecurityGroups)
    #[error("You cannot set security groups on a Network Load Balancer which was created without any security groups.")]
    NlbWithoutSecurityGroups,
    /// (obs, CLI output)
    #[error("One or more load balancers not found")]
    LoadBalancerNotFound,
    /// (model)
    #[error("Load balancer names and load balancer ARNs cannot be specified at the same time")]
    NamesAndArns,
    /// (doc: botocore's TooManyLoadBalancersException)
    #[error("You've reached the limit on the number of load balancers for your Amazon Web Services account.")]
    TooManyLoadBalancers,

    // ── Target groups ───────────────────────────────────────────────────────
    /// (obs)
    #[error("Target group name '{0}' cannot be longer than '32' characters")]
    TgNameTooLong(String),
    /// (moto)
    #[error("Target group name '{0}' can only contain characters that are alphanumeric characters or hyphens(-)")]
    TgNameCharacters(String),
    /// (moto)
    #[error("Target group name '{0}' cannot begin or end with '-'")]
    TgNameHyphen(String),
    /// (doc: botocore's DuplicateTargetGroupNameException)
    #[error("A target group with the specified name already exists.")]
    DuplicateTargetGroupName,
    /// `A protocol` / `A port` / `A VPC ID must be specified` (moto)
    #[error("A {0} must be specified")]
    TgParameterRequired(&'static str),
    /// (moto)
    #[error("The VPC ID '{0}' is not found")]
    VpcNotFound(String),
    /// (obs, reference §9 vector 34; the "or equal" form for TCP is moto's)
    #[error("Health check timeout '{timeout}' must be smaller than the interval '{interval}'")]
    TimeoutNotBelowInterval { timeout: i64, interval: i64 },
    /// (moto)
    #[error("Health check timeout '{timeout}' must be smaller than or equal to the interval '{interval}'")]
    TimeoutAboveInterval { timeout: i64, interval: i64 },
    /// (obs, live-verified in a public CDK stack)
    #[error("Health check enabled must be true for target groups with target type '{0}'")]
    HealthCheckMustBeEnabled(&'static str),
    /// (obs, hashicorp/terraform#16690)
    #[error("Health check matcher HTTP code cannot be empty")]
    MatcherEmpty,
    /// (model; the 200–499 / 200–599 ranges are documented)
    #[error("Health check matcher HTTP code '{code}' must be within '{range}' inclusive")]
    MatcherOutOfRange { code: String, range: &'static str },
    /// (model; the rule is documented for HealthCheckProtocol)
    #[error("Health check protocol '{health_check}' is not supported for target groups with the {protocol} protocol")]
    HealthCheckProtocol {
        health_check: String,
        protocol: &'static str,
    },
    /// (model)
    #[error("A health check path cannot be specified for {0} health checks")]
    HealthCheckPathNotAllowed(&'static str),
    /// (model)
    #[error("A matcher cannot be specified for {0} health checks")]
    MatcherNotAllowed(&'static str),
    /// (model)
    #[error("Health check path '{0}' must begin with '/'")]
    HealthCheckPath(String),
    /// (model)
    #[error("Health check port '{0}' must be 'traffic-port' or a port number between 1 and 65535")]
    HealthCheckPort(String),
    /// (obs, CLI output)
    #[error("One or more target groups not found")]
    TargetGroupNotFound,
    /// (moto)
    #[error("Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time")]
    TargetGroupSelectors,
    /// (obs, CloudTrail and Terraform logs)
    #[error("Target group '{0}' is currently in use by a listener or a rule")]
    TargetGroupInUse(String),
    /// (doc: botocore's TooManyTargetGroupsException)
    #[error("You've reached the limit on the number of target groups for your Amazon Web Services account.")]
    TooManyTargetGroups,
    /// (moto)
    #[error("Target group attribute key '{0}' is not recognized")]
    AttributeKeyUnknown(String),
    /// (moto for the deregistration delay; the same form for the others)
    #[error("'{key}' value '{value}' must be between '{range}' inclusive")]
    AttributeRange {
        key: &'static str,
        value: String,
        range: &'static str,
    },
    /// (model)
    #[error("'{key}' value '{value}' must be one of [{allowed}]")]
    AttributeEnum {
        key: &'static str,
        value: String,
        allowed: &'static str,
    },
    /// (moto)
    #[error(
        "Stickiness type '{kind}' is not supported for target groups with the {protocol} protocol"
    )]
    StickinessType {
        kind: String,
        protocol: &'static str,
    },

    // ── Targets ──────────────────────────────────────────────────────────────
    /// (obs, aws-load-balancer-controller#3668)
    #[error("Instance ID '{0}' is not valid")]
    InstanceIdInvalid(String),
    /// (obs, ansible community.aws#1441)
    #[error("The IP address '{0}' is not a valid IPv4 address")]
    NotIpv4(String),
    /// (obs, aws-load-balancer-controller#3714)
    #[error("The Availability Zone is required for IP address '{0}' because it is not in the VPC")]
    ZoneRequired(String),
    /// (obs, aws-load-balancer-controller#561)
    #[error("The IP address '{ip}' is within the VPC, and cannot have its Availability Zone overridden to '{given}' from '{zone}'")]
    ZoneOverridden {
        ip: String,
        given: String,
        zone: String,
    },
    /// (model; the rule is documented for TargetType ip)
    #[error("The IP address '{0}' cannot be registered: only addresses from the subnets of the VPC, the RFC 1918 ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and 100.64.0.0/10 can be targets")]
    PublicIpTarget(String),
    /// (doc: botocore's InvalidTargetException)
    #[error("The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.")]
    InvalidTarget,
    /// (doc: botocore's TooManyTargetsException)
    #[error("You've reached the limit on the number of targets.")]
    TooManyTargets,

    // ── Listeners and rules ─────────────────────────────────────────────────
    /// (obs, hashicorp/terraform-provider-aws#6173)
    #[error("Listener protocol '{protocol}' must be one of '{allowed}'")]
    ListenerProtocol {
        protocol: String,
        allowed: &'static str,
    },
    /// `A listener port` / `A listener protocol must be specified` (moto)
    #[error("A listener {0} must be specified")]
    ListenerParameterRequired(&'static str),
    /// (moto)
    #[error("You must provide a list containing exactly one certificate if the listener protocol is {0}.")]
    CertificateRequired(&'static str),
    /// (obs, USEPA/webcms#526 — AWS's own spelling, "specifed")
    #[error("An SSL policy cannot be specifed for {0} listeners")]
    SslPolicyNotAllowed(String),
    /// (model, after the SSL policy wording)
    #[error("A certificate cannot be specified for {0} listeners")]
    CertificateNotAllowed(String),
    /// (obs, Terraform and CloudFormation logs)
    #[error("A listener already exists on this port for this load balancer '{0}'")]
    DuplicateListener(String),
    /// (doc: botocore's TooManyListenersException)
    #[error("You've reached the limit on the number of listeners per load balancer.")]
    TooManyListeners,
    /// (obs, CloudFormation and Kubernetes controller logs)
    #[error("One or more listeners not found")]
    ListenerNotFound,
    /// (moto)
    #[error("You must specify either listener ARNs or a load balancer ARN")]
    ListenerSelectorRequired,
    /// (model)
    #[error("Listener ARNs and a load balancer ARN cannot be specified at the same time")]
    ListenerSelectors,
    /// (obs)
    #[error("Priority '{0}' is currently in use")]
    PriorityInUse(i64),
    /// (moto)
    #[error("One or more rules not found")]
    RuleNotFound,
    /// (moto)
    #[error("You must specify either listener rule ARNs or a listener ARN")]
    RuleSelectorRequired,
    /// (moto)
    #[error("Listener rule ARNs and a listener ARN cannot be specified at the same time")]
    RuleSelectors,
    /// (doc: botocore's TooManyRulesException)
    #[error("You've reached the limit on the number of rules per load balancer.")]
    TooManyRules,
    /// (model; the rule is documented in DeleteRule/ModifyRule)
    #[error(
        "The default rule '{0}' cannot be {1}; use ModifyListener to change the default actions"
    )]
    DefaultRule(String, &'static str),
    /// (model; CreateRule is for Application Load Balancer listeners)
    #[error("Rules can only be created for listeners of an Application Load Balancer")]
    RulesNeedApplicationLoadBalancer,
    /// (moto)
    #[error("Either conditions or actions must be specified")]
    NothingToModify,
    /// (moto)
    #[error("Condition field '{0}' must be one of '[path-pattern,host-header,http-header,http-request-method,query-string,source-ip]'")]
    ConditionField(String),
    /// (moto)
    #[error("A condition value must be specified")]
    ConditionValueRequired,
    /// (model)
    #[error("At least one condition must be specified")]
    ConditionRequired,
    /// (moto)
    #[error("The '{0}' field contains too many values; the limit is '1'")]
    ConditionTooManyValues(String),
    /// (moto)
    #[error("The '{0}' value is too long; the limit is '128'")]
    ConditionValueTooLong(String),
    /// (moto)
    #[error("You cannot provide both Values and '{config}' for a condition of type '{field}'")]
    ConditionValuesAndConfig { config: &'static str, field: String },
    /// (moto)
    #[error("A '{config}' must be specified with '{field}'")]
    ConditionConfigRequired { config: &'static str, field: String },
    /// (moto)
    #[error("The 'Values' field is not compatible with '{0}'")]
    ConditionConfigMismatch(String),
    /// (model; the rule is documented for RuleCondition)
    #[error("A rule can include at most one '{0}' condition")]
    ConditionRepeated(String),
    /// (model; AWS allows five match evaluations per rule)
    #[error("A rule can have at most 5 condition values")]
    TooManyConditionValues,

    // ── Actions ──────────────────────────────────────────────────────────────
    /// (model)
    #[error("At least one action must be specified")]
    ActionRequired,
    /// (doc: botocore's TooManyActionsException)
    #[error("You've reached the limit on the number of actions per rule.")]
    TooManyActions,
    /// (model; the rule is documented in Action.Type)
    #[error("The last action must be one of 'forward', 'redirect' or 'fixed-response', and there can be only one of them")]
    TerminalAction,
    /// (model)
    #[error("A target group ARN must be specified for a forward action")]
    ForwardTargetRequired,
    /// (model; the limit of 5 is documented)
    #[error("A forward action can have at most 5 target groups")]
    TooManyForwardTargetGroups,
    /// (model; the rule is documented in Action.TargetGroupArn)
    #[error("The target group ARN must match the single target group of the forward config")]
    ForwardArnMismatch,
    /// (model)
    #[error("Target group '{0}' is specified more than once in the forward config")]
    ForwardDuplicateTargetGroup(String),
    /// (obs, CloudTrail in aws/aws-cdk#24805)
    #[error("The weight for each target group must be between 0 and 999, inclusive")]
    WeightRange,
    /// (model)
    #[error("A '{config}' must be specified with a '{action}' action")]
    ActionConfigRequired {
        config: &'static str,
        action: &'static str,
    },
    /// (moto)
    #[error("1 validation error detected: Value '{code}' at '{field}.fixedResponseConfig.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$")]
    FixedResponseStatus { code: String, field: String },
    /// (moto)
    #[error("The ContentType must be one of:'text/html', 'application/json', 'application/javascript', 'text/css', 'text/plain'")]
    FixedResponseContentType,
    /// (model; authenticate actions need an HTTPS listener)
    #[error("Authenticate actions are only supported on HTTPS listeners")]
    AuthenticateNeedsHttps,
    /// (model)
    #[error("{0} actions are only supported by Application Load Balancers")]
    ActionNeedsApplicationLoadBalancer(&'static str),
    /// (obs, Terraform logs)
    #[error(
        "The following target groups cannot be associated with more than one load balancer: {0}"
    )]
    TargetGroupAssociationLimit(String),
    /// (model)
    #[error("The target group '{target_group}' uses the {protocol} protocol, which is not compatible with a {listener} listener of a load balancer of type '{lb_type}'")]
    IncompatibleProtocols {
        target_group: String,
        protocol: &'static str,
        listener: String,
        lb_type: &'static str,
    },
    /// (model)
    #[error("The target group '{target_group}' is not in the VPC of the load balancer ('{vpc}')")]
    TargetGroupInOtherVpc { target_group: String, vpc: String },
}

impl AwsErrorCode for ElbError {
    fn code(&self) -> &'static str {
        use ElbError::*;
        match self {
            EnumValue { .. }
            | ValueTooSmall { .. }
            | ValueTooLarge { .. }
            | TooLong { .. }
            | LbNameTooLong(_)
            | LbNameCharacters(_)
            | LbNameHyphen(_)
            | LbNameInternal(_)
            | TwoSubnetsRequired
            | SubnetRequired
            | SubnetsAndMappings
            | NamesAndArns
            | SecurityGroupRequired
            | TgNameTooLong(_)
            | TgNameCharacters(_)
            | TgNameHyphen(_)
            | TgParameterRequired(_)
            | VpcNotFound(_)
            | TimeoutNotBelowInterval { .. }
            | TimeoutAboveInterval { .. }
            | HealthCheckMustBeEnabled(_)
            | MatcherEmpty
            | MatcherOutOfRange { .. }
            | HealthCheckProtocol { .. }
            | HealthCheckPathNotAllowed(_)
            | MatcherNotAllowed(_)
            | HealthCheckPath(_)
            | HealthCheckPort(_)
            | TargetGroupSelectors
            | AttributeKeyUnknown(_)
            | AttributeRange { .. }
            | AttributeEnum { .. }
            | InstanceIdInvalid(_)
            | NotIpv4(_)
            | ZoneRequired(_)
            | ZoneOverridden { .. }
            | ListenerProtocol { .. }
            | ListenerParameterRequired(_)
            | SslPolicyNotAllowed(_)
            | CertificateNotAllowed(_)
            | ListenerSelectorRequired
            | ListenerSelectors
            | RuleSelectorRequired
            | RuleSelectors
            | NothingToModify
            | ConditionField(_)
            | ConditionValueRequired
            | ConditionRequired
            | ConditionTooManyValues(_)
            | ConditionValueTooLong(_)
            | ConditionValuesAndConfig { .. }
            | ConditionConfigRequired { .. }
            | ConditionConfigMismatch(_)
            | ConditionRepeated(_)
            | ForwardTargetRequired
            | ForwardArnMismatch
            | ForwardDuplicateTargetGroup(_)
            | WeightRange
            | ActionRequired
            | ActionConfigRequired { .. }
            | FixedResponseStatus { .. } => "ValidationError",
            Unsupported(_)
            | SameZoneSubnets
            | SubnetsInDifferentVpcs(..)
            | SecurityGroupInOtherVpc { .. }
            | TooManySecurityGroups
            | NlbWithoutSecurityGroups
            | StickinessType { .. }
            | CertificateRequired(_)
            | RulesNeedApplicationLoadBalancer
            | TooManyConditionValues
            | TerminalAction
            | TooManyForwardTargetGroups
            | AuthenticateNeedsHttps
            | ActionNeedsApplicationLoadBalancer(_)
            | TargetGroupInOtherVpc { .. } => "InvalidConfigurationRequest",
            DuplicateLoadBalancerName => "DuplicateLoadBalancerName",
            SubnetNotFound(_) => "SubnetNotFound",
            NotEnoughIpSpace(_) | NoInternetGateway(_) => "InvalidSubnet",
            SecurityGroupNotFound(_) => "InvalidSecurityGroup",
            LoadBalancerNotFound => "LoadBalancerNotFound",
            TooManyLoadBalancers => "TooManyLoadBalancers",
            DuplicateTargetGroupName => "DuplicateTargetGroupName",
            TargetGroupNotFound => "TargetGroupNotFound",
            TargetGroupInUse(_) => "ResourceInUse",
            TooManyTargetGroups => "TooManyTargetGroups",
            PublicIpTarget(_) | InvalidTarget => "InvalidTarget",
            TooManyTargets => "TooManyTargets",
            DuplicateListener(_) => "DuplicateListener",
            TooManyListeners => "TooManyListeners",
            ListenerNotFound => "ListenerNotFound",
            PriorityInUse(_) => "PriorityInUse",
            RuleNotFound => "RuleNotFound",
            TooManyRules => "TooManyRules",
            DefaultRule(..) => "OperationNotPermitted",
            TooManyActions => "TooManyActions",
            FixedResponseContentType => "InvalidLoadBalancerAction",
            TargetGroupAssociationLimit(_) => "TargetGroupAssociationLimit",
            IncompatibleProtocols { .. } => "IncompatibleProtocols",
        }
    }
}
