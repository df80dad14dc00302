//! The ELBv2 operations the console knows (service `elbv2`), with the
//! parameter type trees of botocore's model (`elbv2/2015-12-01`,
//! botocore 1.43.11): member names, order and required flags are botocore's,
//! so the CLI reports unknown and mistyped parameters as the real one does.
//! `long` members are `Int`; string-to-string maps are `Any`.

use crate::spec::{Member, Operation, Ty};

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

const fn op(name: &'static str, members: &'static [Member], summary: &'static str) -> Operation {
    Operation {
        service: "elbv2",
        name,
        members,
        summary,
    }
}

static STR: Ty = Ty::Str;
static INT: Ty = Ty::Int;
static BOOL: Ty = Ty::Bool;
static ANY: Ty = Ty::Any;
static STR_LIST: Ty = Ty::List(&STR);
static SUBNET_MAPPING: Ty = Ty::Struct(&[
    m("SubnetId", &STR),
    m("AllocationId", &STR),
    m("PrivateIPv4Address", &STR),
    m("IPv6Address", &STR),
    m("SourceNatIpv6Prefix", &STR),
]);
static SUBNET_MAPPINGS: Ty = Ty::List(&SUBNET_MAPPING);
static TAG: Ty = Ty::Struct(&[req("Key", &STR), m("Value", &STR)]);
static TAG_LIST: Ty = Ty::List(&TAG);
static IPAM_POOLS: Ty = Ty::Struct(&[m("Ipv4IpamPoolId", &STR)]);
static MATCHER: Ty = Ty::Struct(&[m("HttpCode", &STR), m("GrpcCode", &STR)]);
static TARGET_GROUP_ATTRIBUTE: Ty = Ty::Struct(&[m("Key", &STR), m("Value", &STR)]);
static TARGET_GROUP_ATTRIBUTES: Ty = Ty::List(&TARGET_GROUP_ATTRIBUTE);
static TARGET_DESCRIPTION: Ty = Ty::Struct(&[
    req("Id", &STR),
    m("Port", &INT),
    m("AvailabilityZone", &STR),
    m("QuicServerId", &STR),
]);
static TARGET_DESCRIPTIONS: Ty = Ty::List(&TARGET_DESCRIPTION);
static CERTIFICATE: Ty = Ty::Struct(&[m("CertificateArn", &STR), m("IsDefault", &BOOL)]);
static CERTIFICATE_LIST: Ty = Ty::List(&CERTIFICATE);
static AUTHENTICATE_OIDC_ACTION_CONFIG: Ty = Ty::Struct(&[
    req("Issuer", &STR),
    req("AuthorizationEndpoint", &STR),
    req("TokenEndpoint", &STR),
    req("UserInfoEndpoint", &STR),
    req("ClientId", &STR),
    m("ClientSecret", &STR),
    m("SessionCookieName", &STR),
    m("Scope", &STR),
    m("SessionTimeout", &INT),
    m("AuthenticationRequestExtraParams", &ANY),
    m("OnUnauthenticatedRequest", &STR),
    m("UseExistingClientSecret", &BOOL),
]);
static AUTHENTICATE_COGNITO_ACTION_CONFIG: Ty = Ty::Struct(&[
    req("UserPoolArn", &STR),
    req("UserPoolClientId", &STR),
    req("UserPoolDomain", &STR),
    m("SessionCookieName", &STR),
    m("Scope", &STR),
    m("SessionTimeout", &INT),
    m("AuthenticationRequestExtraParams", &ANY),
    m("OnUnauthenticatedRequest", &STR),
]);
static REDIRECT_ACTION_CONFIG: Ty = Ty::Struct(&[
    m("Protocol", &STR),
    m("Port", &STR),
    m("Host", &STR),
    m("Path", &STR),
    m("Query", &STR),
    req("StatusCode", &STR),
]);
static FIXED_RESPONSE_ACTION_CONFIG: Ty = Ty::Struct(&[
    m("MessageBody", &STR),
    req("StatusCode", &STR),
    m("ContentType", &STR),
]);
static TARGET_GROUP_TUPLE: Ty = Ty::Struct(&[m("TargetGroupArn", &STR), m("Weight", &INT)]);
static TARGET_GROUP_LIST: Ty = Ty::List(&TARGET_GROUP_TUPLE);
static TARGET_GROUP_STICKINESS_CONFIG: Ty =
    Ty::Struct(&[m("Enabled", &BOOL), m("DurationSeconds", &INT)]);
static FORWARD_ACTION_CONFIG: Ty = Ty::Struct(&[
    m("TargetGroups", &TARGET_GROUP_LIST),
    m(
        "TargetGroupStickinessConfig",
        &TARGET_GROUP_STICKINESS_CONFIG,
    ),
]);
static JWT_VALIDATION_ACTION_ADDITIONAL_CLAIM: Ty = Ty::Struct(&[
    req("Format", &STR),
    req("Name", &STR),
    req("Values", &STR_LIST),
]);
static JWT_VALIDATION_ACTION_ADDITIONAL_CLAIMS: Ty =
    Ty::List(&JWT_VALIDATION_ACTION_ADDITIONAL_CLAIM);
static JWT_VALIDATION_ACTION_CONFIG: Ty = Ty::Struct(&[
    req("JwksEndpoint", &STR),
    req("Issuer", &STR),
    m("AdditionalClaims", &JWT_VALIDATION_ACTION_ADDITIONAL_CLAIMS),
]);
static ACTION: Ty = Ty::Struct(&[
    req("Type", &STR),
    m("TargetGroupArn", &STR),
    m("AuthenticateOidcConfig", &AUTHENTICATE_OIDC_ACTION_CONFIG),
    m(
        "AuthenticateCognitoConfig",
        &AUTHENTICATE_COGNITO_ACTION_CONFIG,
    ),
    m("Order", &INT),
    m("RedirectConfig", &REDIRECT_ACTION_CONFIG),
    m("FixedResponseConfig", &FIXED_RESPONSE_ACTION_CONFIG),
    m("ForwardConfig", &FORWARD_ACTION_CONFIG),
    m("JwtValidationConfig", &JWT_VALIDATION_ACTION_CONFIG),
]);
static ACTIONS: Ty = Ty::List(&ACTION);
static MUTUAL_AUTHENTICATION_ATTRIBUTES: Ty = Ty::Struct(&[
    m("Mode", &STR),
    m("TrustStoreArn", &STR),
    m("IgnoreClientCertificateExpiry", &BOOL),
    m("TrustStoreAssociationStatus", &STR),
    m("AdvertiseTrustStoreCaNames", &STR),
]);
static HOST_HEADER_CONDITION_CONFIG: Ty =
    Ty::Struct(&[m("Values", &STR_LIST), m("RegexValues", &STR_LIST)]);
static PATH_PATTERN_CONDITION_CONFIG: Ty =
    Ty::Struct(&[m("Values", &STR_LIST), m("RegexValues", &STR_LIST)]);
static HTTP_HEADER_CONDITION_CONFIG: Ty = Ty::Struct(&[
    m("HttpHeaderName", &STR),
    m("Values", &STR_LIST),
    m("RegexValues", &STR_LIST),
]);
static QUERY_STRING_KEY_VALUE_PAIR: Ty = Ty::Struct(&[m("Key", &STR), m("Value", &STR)]);
static QUERY_STRING_KEY_VALUE_PAIR_LIST: Ty = Ty::List(&QUERY_STRING_KEY_VALUE_PAIR);
static QUERY_STRING_CONDITION_CONFIG: Ty =
    Ty::Struct(&[m("Values", &QUERY_STRING_KEY_VALUE_PAIR_LIST)]);
static HTTP_REQUEST_METHOD_CONDITION_CONFIG: Ty = Ty::Struct(&[m("Values", &STR_LIST)]);
static SOURCE_IP_CONDITION_CONFIG: Ty = Ty::Struct(&[m("Values", &STR_LIST)]);
static RULE_CONDITION: Ty = Ty::Struct(&[
    m("Field", &STR),
    m("Values", &STR_LIST),
    m("HostHeaderConfig", &HOST_HEADER_CONDITION_CONFIG),
    m("PathPatternConfig", &PATH_PATTERN_CONDITION_CONFIG),
    m("HttpHeaderConfig", &HTTP_HEADER_CONDITION_CONFIG),
    m("QueryStringConfig", &QUERY_STRING_CONDITION_CONFIG),
    m(
        "HttpRequestMethodConfig",
        &HTTP_REQUEST_METHOD_CONDITION_CONFIG,
    ),
    m("SourceIpConfig", &SOURCE_IP_CONDITION_CONFIG),
    m("RegexValues", &STR_LIST),
]);
static RULE_CONDITION_LIST: Ty = Ty::List(&RULE_CONDITION);
static REWRITE_CONFIG: Ty = Ty::Struct(&[req("Regex", &STR), req("Replace", &STR)]);
static REWRITE_CONFIG_LIST: Ty = Ty::List(&REWRITE_CONFIG);
static HOST_HEADER_REWRITE_CONFIG: Ty = Ty::Struct(&[m("Rewrites", &REWRITE_CONFIG_LIST)]);
static URL_REWRITE_CONFIG: Ty = Ty::Struct(&[m("Rewrites", &REWRITE_CONFIG_LIST)]);
static RULE_TRANSFORM: Ty = Ty::Struct(&[
    req("Type", &STR),
    m("HostHeaderRewriteConfig", &HOST_HEADER_REWRITE_CONFIG),
    m("UrlRewriteConfig", &URL_REWRITE_CONFIG),
]);
static RULE_TRANSFORM_LIST: Ty = Ty::List(&RULE_TRANSFORM);

/// Every ELBv2 operation the model implements.
pub static ELBV2_OPERATIONS: &[Operation] = &[
    op(
        "CreateLoadBalancer",
        &[req("Name", &STR), m("Subnets", &STR_LIST), m("SubnetMappings", &SUBNET_MAPPINGS), m("SecurityGroups", &STR_LIST), m("Scheme", &STR), m("Tags", &TAG_LIST), m("Type", &STR), m("IpAddressType", &STR), m("CustomerOwnedIpv4Pool", &STR), m("EnablePrefixForIpv6SourceNat", &STR), m("IpamPools", &IPAM_POOLS)],
        "Creates an Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.",
    ),
    op(
        "DescribeLoadBalancers",
        &[m("LoadBalancerArns", &STR_LIST), m("Names", &STR_LIST), m("Marker", &STR), m("PageSize", &INT)],
        "Describes the specified load balancers or all of your load balancers.",
    ),
    op(
        "DeleteLoadBalancer",
        &[req("LoadBalancerArn", &STR)],
        "Deletes the specified Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.",
    ),
    op(
        "SetSecurityGroups",
        &[req("LoadBalancerArn", &STR), req("SecurityGroups", &STR_LIST), m("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", &STR)],
        "Associates the specified security groups with the specified Application Load Balancer or Network Load Balancer.",
    ),
    op(
        "CreateTargetGroup",
        &[req("Name", &STR), m("Protocol", &STR), m("ProtocolVersion", &STR), m("Port", &INT), m("VpcId", &STR), m("HealthCheckProtocol", &STR), m("HealthCheckPort", &STR), m("HealthCheckEnabled", &BOOL), m("HealthCheckPath", &STR), m("HealthCheckIntervalSeconds", &INT), m("HealthCheckTimeoutSeconds", &INT), m("HealthyThresholdCount", &INT), m("UnhealthyThresholdCount", &INT), m("Matcher", &MATCHER), m("TargetType", &STR), m("Tags", &TAG_LIST), m("IpAddressType", &STR), m("TargetControlPort", &INT)],
        "Creates a target group.",
    ),
    op(
        "DescribeTargetGroups",
        &[m("LoadBalancerArn", &STR), m("TargetGroupArns", &STR_LIST), m("Names", &STR_LIST), m("Marker", &STR), m("PageSize", &INT)],
        "Describes the specified target groups or all of your target groups.",
    ),
    op(
        "ModifyTargetGroup",
        &[req("TargetGroupArn", &STR), m("HealthCheckProtocol", &STR), m("HealthCheckPort", &STR), m("HealthCheckPath", &STR), m("HealthCheckEnabled", &BOOL), m("HealthCheckIntervalSeconds", &INT), m("HealthCheckTimeoutSeconds", &INT), m("HealthyThresholdCount", &INT), m("UnhealthyThresholdCount", &INT), m("Matcher", &MATCHER)],
        "Modifies the health checks used when evaluating the health state of the targets in the specified target group.",
    ),
    op(
        "DeleteTargetGroup",
        &[req("TargetGroupArn", &STR)],
        "Deletes the specified target group.",
    ),
    op(
        "DescribeTargetGroupAttributes",
        &[req("TargetGroupArn", &STR)],
        "Describes the attributes for the specified target group.",
    ),
    op(
        "ModifyTargetGroupAttributes",
        &[req("TargetGroupArn", &STR), req("Attributes", &TARGET_GROUP_ATTRIBUTES)],
        "Modifies the specified attributes of the specified target group.",
    ),
    op(
        "RegisterTargets",
        &[req("TargetGroupArn", &STR), req("Targets", &TARGET_DESCRIPTIONS)],
        "Registers the specified targets with the specified target group.",
    ),
    op(
        "DeregisterTargets",
        &[req("TargetGroupArn", &STR), req("Targets", &TARGET_DESCRIPTIONS)],
        "Deregisters the specified targets from the specified target group.",
    ),
    op(
        "DescribeTargetHealth",
        &[req("TargetGroupArn", &STR), m("Targets", &TARGET_DESCRIPTIONS), m("Include", &STR_LIST)],
        "Describes the health of the specified targets or all of your targets.",
    ),
    op(
        "CreateListener",
        &[req("LoadBalancerArn", &STR), m("Protocol", &STR), m("Port", &INT), m("SslPolicy", &STR), m("Certificates", &CERTIFICATE_LIST), req("DefaultActions", &ACTIONS), m("AlpnPolicy", &STR_LIST), m("Tags", &TAG_LIST), m("MutualAuthentication", &MUTUAL_AUTHENTICATION_ATTRIBUTES)],
        "Creates a listener for the specified Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.",
    ),
    op(
        "DescribeListeners",
        &[m("LoadBalancerArn", &STR), m("ListenerArns", &STR_LIST), m("Marker", &STR), m("PageSize", &INT)],
        "Describes the specified listeners or the listeners for the specified Application Load Balancer, Network Load Balancer, or Gateway Load Balancer.",
    ),
    op(
        "ModifyListener",
        &[req("ListenerArn", &STR), m("Port", &INT), m("Protocol", &STR), m("SslPolicy", &STR), m("Certificates", &CERTIFICATE_LIST), m("DefaultActions", &ACTIONS), m("AlpnPolicy", &STR_LIST), m("MutualAuthentication", &MUTUAL_AUTHENTICATION_ATTRIBUTES)],
        "Replaces the specified properties of the specified listener.",
    ),
    op(
        "DeleteListener",
        &[req("ListenerArn", &STR)],
        "Deletes the specified listener.",
    ),
    op(
        "CreateRule",
        &[req("ListenerArn", &STR), req("Conditions", &RULE_CONDITION_LIST), req("Priority", &INT), req("Actions", &ACTIONS), m("Tags", &TAG_LIST), m("Transforms", &RULE_TRANSFORM_LIST)],
        "Creates a rule for the specified listener.",
    ),
    op(
        "DescribeRules",
        &[m("ListenerArn", &STR), m("RuleArns", &STR_LIST), m("Marker", &STR), m("PageSize", &INT)],
        "Describes the specified rules or the rules for the specified listener.",
    ),
    op(
        "ModifyRule",
        &[req("RuleArn", &STR), m("Conditions", &RULE_CONDITION_LIST), m("Actions", &ACTIONS), m("Transforms", &RULE_TRANSFORM_LIST), m("ResetTransforms", &BOOL)],
        "Replaces the specified properties of the specified rule.",
    ),
    op(
        "DeleteRule",
        &[req("RuleArn", &STR)],
        "Deletes the specified rule.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::kebab;

    fn op_members(name: &str) -> &'static [Member] {
        ELBV2_OPERATIONS
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.members)
            .unwrap_or_else(|| panic!("no operation {name}"))
    }

    fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
        members
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no member {name}"))
    }

    fn struct_members(ty: &'static Ty) -> &'static [Member] {
        match ty {
            Ty::List(Ty::Struct(members)) | Ty::Struct(members) => members,
            other => panic!("not a structure: {other:?}"),
        }
    }

    #[test]
    fn the_operations_of_the_elbv2_service() {
        let names: Vec<&str> = ELBV2_OPERATIONS.iter().map(|o| o.name).collect();
        assert_eq!(names.len(), 21);
        for name in [
            "CreateLoadBalancer",
            "DescribeLoadBalancers",
            "DeleteLoadBalancer",
            "SetSecurityGroups",
            "CreateTargetGroup",
            "DescribeTargetGroups",
            "ModifyTargetGroup",
            "DeleteTargetGroup",
            "DescribeTargetGroupAttributes",
            "ModifyTargetGroupAttributes",
            "RegisterTargets",
            "DeregisterTargets",
            "DescribeTargetHealth",
            "CreateListener",
            "DescribeListeners",
            "ModifyListener",
            "DeleteListener",
            "CreateRule",
            "DescribeRules",
            "ModifyRule",
            "DeleteRule",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        assert!(ELBV2_OPERATIONS.iter().all(|o| o.service == "elbv2"));
        let mut cli: Vec<String> = ELBV2_OPERATIONS.iter().map(|o| kebab(o.name)).collect();
        cli.sort();
        cli.dedup();
        assert_eq!(cli.len(), 21);
        assert!(cli.contains(&"describe-target-group-attributes".to_string()));
    }

    #[test]
    fn members_follow_botocore() {
        let create = op_members("CreateLoadBalancer");
        assert!(member(create, "Name").required);
        assert!(!member(create, "Subnets").required);
        let mapping = struct_members(member(create, "SubnetMappings").ty);
        assert!(mapping.iter().any(|m| m.name == "PrivateIPv4Address"));
        let tag = struct_members(member(create, "Tags").ty);
        assert!(member(tag, "Key").required);

        let listener = op_members("CreateListener");
        assert!(member(listener, "DefaultActions").required);
        assert!(matches!(member(listener, "Port").ty, Ty::Int));
        let action = struct_members(member(listener, "DefaultActions").ty);
        assert!(member(action, "Type").required);
        let forward = struct_members(member(action, "ForwardConfig").ty);
        let tuple = struct_members(member(forward, "TargetGroups").ty);
        assert!(matches!(member(tuple, "Weight").ty, Ty::Int));
        let fixed = struct_members(member(action, "FixedResponseConfig").ty);
        assert!(member(fixed, "StatusCode").required);

        let rule = op_members("CreateRule");
        for name in ["ListenerArn", "Conditions", "Priority", "Actions"] {
            assert!(member(rule, name).required, "{name}");
        }
        let condition = struct_members(member(rule, "Conditions").ty);
        assert!(matches!(member(condition, "Values").ty, Ty::List(Ty::Str)));
        struct_members(member(condition, "PathPatternConfig").ty);

        let targets = struct_members(member(op_members("RegisterTargets"), "Targets").ty);
        assert!(member(targets, "Id").required);
        assert!(matches!(member(targets, "Port").ty, Ty::Int));

        let attributes =
            struct_members(member(op_members("ModifyTargetGroupAttributes"), "Attributes").ty);
        assert!(attributes.iter().any(|m| m.name == "Key"));

        let tg = op_members("CreateTargetGroup");
        assert!(matches!(member(tg, "HealthCheckEnabled").ty, Ty::Bool));
        assert!(matches!(member(tg, "HealthCheckPort").ty, Ty::Str));
        struct_members(member(tg, "Matcher").ty);
    }
}
