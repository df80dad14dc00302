//! EC2's error codes and messages, worded as the service words them.

use crate::error::AwsErrorCode;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Ec2Error {
    #[error("The request must contain the parameter {0}")]
    MissingParameter(&'static str),
    #[error("Value ({0}) for parameter cidrBlock is invalid. This is not a valid CIDR block.")]
    InvalidCidrBlock(String),
    #[error("The CIDR '{0}' is invalid.")]
    VpcRange(String),
    #[error("The maximum number of VPCs has been reached.")]
    VpcLimitExceeded,
    #[error("The vpc ID '{0}' does not exist")]
    VpcNotFound(String),
    #[error("The maximum number of 5 CIDR blocks has been reached for VPC '{0}'.")]
    CidrLimitExceeded(String),
    #[error("The CIDR '{0}' conflicts with another CIDR block of the VPC.")]
    CidrConflict(String),
    #[error("The CIDR '{cidr}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR. For additional restrictions, see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html")]
    CidrRestricted { cidr: String },
    #[error("The vpc-cidr-assoc ID '{0}' does not exist")]
    CidrAssociationNotFound(String),
    #[error("The vpc {vpc} has dependencies and cannot be deleted. The CIDR '{cidr}' is the primary IPv4 CIDR block of the VPC and may not be disassociated.")]
    PrimaryCidrNotDisassociable { vpc: String, cidr: String },
    #[error("The vpc-cidr-assoc '{0}' has subnets in it and cannot be disassociated.")]
    CidrInUse(String),
    #[error("The {kind} '{id}' has dependencies and cannot be deleted.")]
    DependencyViolation { kind: &'static str, id: String },
    #[error("Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport")]
    MultipleVpcAttributes,
    #[error("The request must contain exactly one attribute to modify: enableDnsSupport or enableDnsHostnames")]
    NoVpcAttribute,
    #[error("Value ({0}) for parameter attribute is invalid. Unknown attribute.")]
    UnknownVpcAttribute(String),
    #[error("The CIDR '{0}' is invalid.")]
    SubnetRange(String),
    #[error("The CIDR '{0}' conflicts with another subnet")]
    SubnetConflict(String),
    #[error("The maximum number of subnets has been reached.")]
    SubnetLimitExceeded,
    #[error("The subnet ID '{0}' does not exist")]
    SubnetNotFound(String),
    #[error("Value ({az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {valid}.")]
    InvalidAvailabilityZone { az: String, valid: String },
    #[error("The routeTable ID '{0}' does not exist")]
    RouteTableNotFound(String),
    #[error("The association ID '{0}' does not exist")]
    AssociationNotFound(String),
    #[error(
        "the specified association for route table {table} conflicts with an existing association"
    )]
    SubnetAlreadyAssociated { table: String },
    #[error("cannot disassociate the main route table association {0}")]
    MainAssociation(String),
    #[error("The route identified by {0} already exists.")]
    RouteAlreadyExists(String),
    #[error("no route with destination-cidr-block {cidr} in route table {table}")]
    RouteNotFound { cidr: String, table: String },
    #[error("cannot remove local route {cidr} in route table {table}")]
    LocalRoute { cidr: String, table: String },
    #[error("The destination CIDR block {cidr} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.")]
    MoreSpecificThanLocal { cidr: String },
    #[error("route table {table} and network gateway {gateway} belong to different networks")]
    DifferentNetworks { table: String, gateway: String },
    #[error("The request must contain exactly one route target: --gateway-id, --nat-gateway-id or --vpc-endpoint-id")]
    RouteTarget,
    #[error("The maximum number of routes has been reached for route table {0}.")]
    RouteLimitExceeded(String),
    #[error("The subnet {subnet} and the route table {table} belong to different networks")]
    SubnetInOtherVpc { subnet: String, table: String },
    #[error("The internetGateway ID '{0}' does not exist")]
    InternetGatewayNotFound(String),
    #[error("resource {igw} is already attached to network {vpc}")]
    GatewayAlreadyAttached { igw: String, vpc: String },
    #[error("Network {0} already has an internet gateway attached")]
    VpcHasInternetGateway(String),
    #[error("resource {igw} is not attached to network {vpc}")]
    GatewayNotAttached { igw: String, vpc: String },
    #[error("Network {0} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.")]
    MappedPublicAddresses(String),
    #[error("The allocation ID '{0}' does not exist")]
    AllocationNotFound(String),
    #[error("The address with allocation id [{0}] is already associated")]
    AddressInUse(String),
    #[error("Address {0} is in use.")]
    AddressReleaseInUse(String),
    #[error("The maximum number of addresses has been reached.")]
    AddressLimitExceeded,
    #[error("The Nat Gateway {0} was not found")]
    NatGatewayNotFound(String),
    #[error("Performing this operation would exceed the limit of 5 NAT gateways")]
    NatGatewayLimitExceeded,
    #[error(
        "Value ({0}) for parameter connectivityType is invalid. Valid values: public, private"
    )]
    InvalidConnectivityType(String),
    #[error("The security group '{0}' does not exist")]
    SecurityGroupNotFound(String),
    #[error("The security group '{name}' already exists for VPC '{vpc}'")]
    SecurityGroupDuplicate { name: String, vpc: String },
    #[error("Group names may not be in the format sg-*.")]
    SecurityGroupNameFormat,
    #[error("Value ({0}) for parameter GroupName is invalid. Group names must be at most 255 characters.")]
    SecurityGroupNameLength(String),
    #[error("the specified group: \"{0}\" name: \"default\" cannot be deleted by a user")]
    DefaultGroupNotDeletable(String),
    #[error("resource {id} has a dependent object")]
    GroupInUse { id: String },
    #[error("the specified rule \"{0}\" already exists")]
    PermissionDuplicate(String),
    #[error("The specified rule does not exist in this security group.")]
    PermissionNotFound,
    #[error("The maximum number of rules per security group has been reached.")]
    RulesLimitExceeded,
    #[error("Invalid value '{0}' for IP protocol. Unknown protocol.")]
    InvalidProtocol(String),
    #[error("Invalid value for portRange. Must specify both from and to ports with TCP/UDP.")]
    PortRangeRequired,
    #[error("Invalid TCP/UDP port range: {from}-{to}")]
    InvalidPortRange { from: i64, to: i64 },
    #[error("Invalid IPv4 address range: {0}")]
    InvalidIpRange(String),
    #[error("The request must contain the parameter ipPermissions or a protocol, port and source")]
    NoPermissions,
    #[error("The security groups in the request belong to different networks: {0}")]
    GroupInOtherVpc(String),
    #[error("The Vpc Endpoint Id '{0}' does not exist")]
    VpcEndpointNotFound(String),
    #[error("The Vpc Endpoint Service '{0}' does not exist")]
    EndpointServiceNotFound(String),
    #[error("Value ({0}) for parameter vpcEndpointType is invalid. Valid values: Interface, Gateway, GatewayLoadBalancer")]
    InvalidEndpointType(String),
    #[error("The Vpc Endpoint Service '{service}' does not support endpoint type '{kind}'")]
    EndpointTypeNotSupported { service: String, kind: String },
    #[error("Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {0}")]
    PrivateDnsNeedsVpcDns(String),
    #[error("There is already a conflicting DNS domain for {0} in the VPC {1}")]
    ConflictingEndpointDns(String, String),
    #[error("Only one subnet per Availability Zone can be specified: {0}")]
    EndpointSubnetsSameAz(String),
    #[error("There are not enough free addresses in subnet '{0}' to satisfy the requested number of instances.")]
    InsufficientFreeAddresses(String),
    #[error("The networkAcl ID '{0}' does not exist")]
    NetworkAclNotFound(String),
    #[error("cannot delete default network ACL {0}")]
    DefaultNetworkAcl(String),
    #[error("The network acl entry identified by {0} already exists.")]
    NetworkAclEntryExists(u16),
    #[error("The network acl entry identified by {0} does not exist.")]
    NetworkAclEntryNotFound(u16),
    #[error("The maximum number of network acl entries has been reached.")]
    NetworkAclEntryLimitExceeded,
    #[error("Value ({0}) for parameter ruleNumber is invalid. Rule numbers must be between 1 and 32766.")]
    InvalidRuleNumber(i64),
    #[error("Value ({0}) for parameter ruleAction is invalid. Valid values: allow, deny")]
    InvalidRuleAction(String),
    #[error("The filter '{0}' is invalid")]
    InvalidFilter(String),
    #[error("The ID '{0}' is not valid")]
    InvalidId(String),
    #[error("Launch template name already in use.")]
    LaunchTemplateNameInUse,
    #[error("The specified launch template, with template name {0}, does not exist.")]
    LaunchTemplateNameNotFound(String),
    #[error("The specified launch template, with template ID {0}, does not exist.")]
    LaunchTemplateIdNotFound(String),
    #[error("Launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _ ({0})")]
    InvalidLaunchTemplateName(String),
    #[error("Invalid BASE64 encoding of user data.")]
    UserDataMalformed,
    #[error("The following supplied instance types do not exist: [{0}]")]
    InvalidInstanceType(String),
}

impl AwsErrorCode for Ec2Error {
    fn code(&self) -> &'static str {
        use Ec2Error::*;
        match self {
            MissingParameter(_) => "MissingParameter",
            InvalidCidrBlock(_) => "InvalidParameterValue",
            VpcRange(_) => "InvalidVpc.Range",
            VpcLimitExceeded => "VpcLimitExceeded",
            VpcNotFound(_) => "InvalidVpcID.NotFound",
            CidrLimitExceeded(_) => "CidrLimitExceeded",
            CidrConflict(_) => "InvalidVpc.Range",
            CidrRestricted { .. } => "InvalidVpc.Range",
            CidrAssociationNotFound(_) => "InvalidVpcCidrBlockAssociationID.NotFound",
            PrimaryCidrNotDisassociable { .. } => "OperationNotPermitted",
            CidrInUse(_) => "DependencyViolation",
            DependencyViolation { .. } => "DependencyViolation",
            MultipleVpcAttributes => "InvalidParameterCombination",
            NoVpcAttribute => "MissingParameter",
            UnknownVpcAttribute(_) => "InvalidParameterValue",
            SubnetRange(_) => "InvalidSubnet.Range",
            SubnetConflict(_) => "InvalidSubnet.Conflict",
            SubnetLimitExceeded => "SubnetLimitExceeded",
            SubnetNotFound(_) => "InvalidSubnetID.NotFound",
            InvalidAvailabilityZone { .. } => "InvalidParameterValue",
            RouteTableNotFound(_) => "InvalidRouteTableID.NotFound",
            AssociationNotFound(_) => "InvalidAssociationID.NotFound",
            SubnetAlreadyAssociated { .. } => "Resource.AlreadyAssociated",
            MainAssociation(_) => "InvalidParameterValue",
            RouteAlreadyExists(_) => "RouteAlreadyExists",
            RouteNotFound { .. } => "InvalidRoute.NotFound",
            LocalRoute { .. } => "InvalidParameterValue",
            MoreSpecificThanLocal { .. } => "InvalidParameterValue",
            DifferentNetworks { .. } => "InvalidParameterValue",
            RouteTarget => "InvalidParameterCombination",
            RouteLimitExceeded(_) => "RouteLimitExceeded",
            SubnetInOtherVpc { .. } => "InvalidParameterValue",
            InternetGatewayNotFound(_) => "InvalidInternetGatewayID.NotFound",
            GatewayAlreadyAttached { .. } => "Resource.AlreadyAssociated",
            VpcHasInternetGateway(_) => "InvalidParameterValue",
            GatewayNotAttached { .. } => "Gateway.NotAttached",
            MappedPublicAddresses(_) => "DependencyViolation",
            AllocationNotFound(_) => "InvalidAllocationID.NotFound",
            AddressInUse(_) => "Resource.AlreadyAssociated",
            AddressReleaseInUse(_) => "InvalidIPAddress.InUse",
            AddressLimitExceeded => "AddressLimitExceeded",
            NatGatewayNotFound(_) => "NatGatewayNotFound",
            NatGatewayLimitExceeded => "NatGatewayLimitExceeded",
            InvalidConnectivityType(_) => "InvalidParameterValue",
            SecurityGroupNotFound(_) => "InvalidGroup.NotFound",
            LaunchTemplateNameInUse => "InvalidLaunchTemplateName.AlreadyExistsException",
            LaunchTemplateNameNotFound(_) => "InvalidLaunchTemplateName.NotFoundException",
            LaunchTemplateIdNotFound(_) => "InvalidLaunchTemplateId.NotFound",
            InvalidLaunchTemplateName(_) => "InvalidLaunchTemplateName.MalformedException",
            UserDataMalformed => "InvalidUserData.Malformed",
            InvalidInstanceType(_) => "InvalidParameterValue",
            SecurityGroupDuplicate { .. } => "InvalidGroup.Duplicate",
            SecurityGroupNameFormat => "InvalidParameterValue",
            SecurityGroupNameLength(_) => "InvalidParameterValue",
            DefaultGroupNotDeletable(_) => "CannotDelete",
            GroupInUse { .. } => "DependencyViolation",
            PermissionDuplicate(_) => "InvalidPermission.Duplicate",
            PermissionNotFound => "InvalidPermission.NotFound",
            RulesLimitExceeded => "RulesPerSecurityGroupLimitExceeded",
            InvalidProtocol(_) => "InvalidParameterValue",
            PortRangeRequired => "InvalidParameterValue",
            InvalidPortRange { .. } => "InvalidParameterValue",
            InvalidIpRange(_) => "InvalidParameterValue",
            NoPermissions => "MissingParameter",
            GroupInOtherVpc(_) => "InvalidGroup.NotFound",
            VpcEndpointNotFound(_) => "InvalidVpcEndpointId.NotFound",
            EndpointServiceNotFound(_) => "InvalidServiceName",
            InvalidEndpointType(_) => "InvalidParameterValue",
            EndpointTypeNotSupported { .. } => "InvalidParameter",
            PrivateDnsNeedsVpcDns(_) => "InvalidParameter",
            ConflictingEndpointDns(..) => "InvalidParameter",
            EndpointSubnetsSameAz(_) => "DuplicateSubnetsInSameZone",
            InsufficientFreeAddresses(_) => "InsufficientFreeAddressesInSubnet",
            NetworkAclNotFound(_) => "InvalidNetworkAclID.NotFound",
            DefaultNetworkAcl(_) => "InvalidParameterValue",
            NetworkAclEntryExists(_) => "NetworkAclEntryAlreadyExists",
            NetworkAclEntryNotFound(_) => "InvalidNetworkAclEntry.NotFound",
            NetworkAclEntryLimitExceeded => "NetworkAclEntryLimitExceeded",
            InvalidRuleNumber(_) => "InvalidParameterValue",
            InvalidRuleAction(_) => "InvalidParameterValue",
            InvalidFilter(_) => "InvalidParameterValue",
            InvalidId(_) => "InvalidParameterValue",
        }
    }
}
