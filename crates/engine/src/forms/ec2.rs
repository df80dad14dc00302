//! The forms of Amazon EC2 and VPC: networks, subnets, gateways, routes, security groups, network ACLs, endpoints, Elastic IPs, launch templates.

use super::*;

const PROTOCOLS: &[(&str, Label)] = &[
    ("tcp", l("TCP", "TCP")),
    ("udp", l("UDP", "UDP")),
    ("icmp", l("ICMP", "ICMP")),
    ("-1", l("すべてのトラフィック", "All traffic")),
];

/// An inbound rule's command (authorize or revoke): protocol, port unless
/// all traffic, and a CIDR or a source group.
/// A security group rule's line. The source may be a CIDR, a group's id, or
/// a group's name (the learner knows "alb-sg", not its id): a name is the
/// group of that name in the rule's group's VPC.
fn rule_line(command: &str, v: &Values, world: &World) -> String {
    let typed = get(v, "source").trim();
    let vpc = world
        .ec2
        .security_groups
        .get(get(v, "sg"))
        .map(|g| g.vpc_id.as_str());
    let by_name = world
        .ec2
        .security_groups
        .values()
        .find(|g| g.name == typed && Some(g.vpc_id.as_str()) == vpc)
        .map(|g| g.id.as_str());
    let source = by_name.unwrap_or(typed);
    let line = Line::new(command)
        .opt("--group-id", get(v, "sg"))
        .opt("--protocol", get(v, "protocol"));
    let line = if get(v, "protocol") == "-1" {
        line
    } else {
        line.maybe("--port", get(v, "port"))
    };
    let line = if source.starts_with("sg-") {
        line.opt("--source-group", source)
    } else {
        line.opt("--cidr", source)
    };
    line.done()
}

pub const CREATE_VPC: Form = Form {
    id: "create-vpc",
    group: Group::Vpc,
    title: l("VPC を作成", "Create VPC"),
    fields: &[
        field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("my-vpc"),
        field(
            "cidr",
            l("IPv4 CIDR", "IPv4 CIDR"),
            Kind::Text,
            "--cidr-block",
        )
        .default("10.0.0.0/16")
        .codes(&["InvalidVpc.Range", "InvalidParameterValue"]),
    ],
    build: tagged("aws ec2 create-vpc", "vpc"),
};

pub const MODIFY_VPC_ATTRIBUTE: Form = Form {
    id: "modify-vpc-attribute",
    group: Group::Vpc,
    title: l("VPC の設定を編集", "Edit VPC settings"),
    fields: &[
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        field(
            "attribute",
            l("設定", "Setting"),
            Kind::Choice(Source::Words(&[
                (
                    "enable-dns-hostnames",
                    l("DNS ホスト名を有効化", "Enable DNS hostnames"),
                ),
                (
                    "enable-dns-support",
                    l("DNS 解決を有効化", "Enable DNS resolution"),
                ),
            ])),
            "--enable-dns-hostnames",
        ),
        field(
            "value",
            l("有効にする", "Enabled"),
            Kind::Choice(Source::Words(&[
                ("true", l("はい", "yes")),
                ("false", l("いいえ", "no")),
            ])),
            "Value",
        ),
    ],
    build: Build::Custom(|v, _| {
        // One attribute per call, as the API takes them.
        vec![Line::new("aws ec2 modify-vpc-attribute")
            .opt("--vpc-id", get(v, "vpc"))
            .opt(
                &format!("--{}", get(v, "attribute")),
                &format!("{{\"Value\":{}}}", get(v, "value")),
            )
            .done()]
    }),
};

pub const CREATE_SUBNET: Form = Form {
    id: "create-subnet",
    group: Group::Vpc,
    title: l("サブネットを作成", "Create subnet"),
    fields: &[
        field(
            "vpc",
            l("VPC ID", "VPC ID"),
            Kind::Choice(Source::Vpcs),
            "--vpc-id",
        )
        .codes(&["InvalidVpcID.NotFound"]),
        field(
            "name",
            l("サブネット名", "Subnet name"),
            Kind::Text,
            "--tag-specifications",
        )
        .optional()
        .placeholder("public-a"),
        field(
            "az",
            l("アベイラビリティーゾーン", "Availability Zone"),
            Kind::Choice(Source::AvailabilityZones),
            "--availability-zone",
        ),
        field(
            "cidr",
            l("IPv4 サブネット CIDR ブロック", "IPv4 subnet CIDR block"),
            Kind::Text,
            "--cidr-block",
        )
        .placeholder("10.0.0.0/24")
        .codes(&[
            "InvalidSubnet.Range",
            "InvalidSubnet.Conflict",
            "InvalidParameterValue",
        ]),
    ],
    build: tagged("aws ec2 create-subnet", "subnet"),
};

pub const MODIFY_SUBNET_ATTRIBUTE: Form = Form {
    id: "modify-subnet-attribute",
    group: Group::Vpc,
    title: l("サブネットの設定を編集", "Edit subnet settings"),
    fields: &[
        field(
            "subnet",
            SUBNET,
            Kind::Choice(Source::Subnets),
            "--subnet-id",
        ),
        field(
            "public_ip",
            l(
                "パブリック IPv4 アドレスの自動割り当てを有効化",
                "Enable auto-assign public IPv4 address",
            ),
            Kind::Choice(Source::Words(YES_NO)),
            "--map-public-ip-on-launch",
        ),
    ],
    build: Build::Custom(|v, _| {
        let flag = if get(v, "public_ip") == "yes" {
            "--map-public-ip-on-launch"
        } else {
            "--no-map-public-ip-on-launch"
        };
        vec![Line::new("aws ec2 modify-subnet-attribute")
            .opt("--subnet-id", get(v, "subnet"))
            .flag(flag)
            .done()]
    }),
};

pub const CREATE_INTERNET_GATEWAY: Form = Form {
    id: "create-internet-gateway",
    group: Group::Vpc,
    title: l(
        "インターネットゲートウェイを作成",
        "Create internet gateway",
    ),
    fields: &[field("name", NAME_TAG, Kind::Text, "--tag-specifications")
        .optional()
        .placeholder("my-igw")],
    build: tagged("aws ec2 create-internet-gateway", "internet-gateway"),
};

pub const ATTACH_INTERNET_GATEWAY: Form = Form {
    id: "attach-internet-gateway",
    group: Group::Vpc,
    title: l("VPC にアタッチ", "Attach to VPC"),
    fields: &[
        field(
            "igw",
            INTERNET_GATEWAY,
            Kind::Choice(Source::InternetGateways),
            "--internet-gateway-id",
        )
        .codes(&[
            "Resource.AlreadyAssociated",
            "InvalidInternetGatewayID.NotFound",
        ]),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id").codes(&["InvalidVpcID.NotFound"]),
    ],
    build: options("aws ec2 attach-internet-gateway"),
};

pub const CREATE_ROUTE_TABLE: Form = Form {
    id: "create-route-table",
    group: Group::Vpc,
    title: l("ルートテーブルを作成", "Create route table"),
    fields: &[
        field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("public-rt"),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
    ],
    build: tagged("aws ec2 create-route-table", "route-table"),
};

pub const CREATE_ROUTE: Form = Form {
    id: "create-route",
    group: Group::Vpc,
    title: l("ルートを追加", "Add route"),
    fields: &[
        field(
            "rt",
            ROUTE_TABLE,
            Kind::Choice(Source::RouteTables),
            "--route-table-id",
        ),
        field(
            "destination",
            l("送信先", "Destination"),
            Kind::Text,
            "--destination-cidr-block",
        )
        .default("0.0.0.0/0")
        .codes(&["RouteAlreadyExists", "InvalidParameterValue"]),
        field(
            "target",
            l("ターゲット", "Target"),
            Kind::Choice(Source::Gateways),
            "--gateway-id",
        )
        .codes(&[
            "InvalidGatewayID.NotFound",
            "InvalidNatGatewayID.NotFound",
            "Gateway.NotAttached",
        ]),
    ],
    build: Build::Custom(|v, _| {
        let target = get(v, "target");
        let option = if target.starts_with("nat-") {
            "--nat-gateway-id"
        } else {
            "--gateway-id"
        };
        vec![Line::new("aws ec2 create-route")
            .opt("--route-table-id", get(v, "rt"))
            .opt("--destination-cidr-block", get(v, "destination"))
            .opt(option, target)
            .done()]
    }),
};

pub const ASSOCIATE_ROUTE_TABLE: Form = Form {
    id: "associate-route-table",
    group: Group::Vpc,
    title: l("サブネットの関連付けを編集", "Edit subnet associations"),
    fields: &[
        field(
            "rt",
            ROUTE_TABLE,
            Kind::Choice(Source::RouteTables),
            "--route-table-id",
        ),
        field(
            "subnet",
            SUBNET,
            Kind::Choice(Source::Subnets),
            "--subnet-id",
        )
        .codes(&["Resource.AlreadyAssociated", "InvalidSubnetID.NotFound"]),
    ],
    build: options("aws ec2 associate-route-table"),
};

pub const CREATE_SECURITY_GROUP: Form = Form {
    id: "create-security-group",
    group: Group::Vpc,
    title: l("セキュリティグループを作成", "Create security group"),
    fields: &[
        field(
            "name",
            l("セキュリティグループ名", "Security group name"),
            Kind::Text,
            "--group-name",
        )
        .placeholder("web-sg")
        .codes(&["InvalidGroup.Duplicate"]),
        field(
            "description",
            l("説明", "Description"),
            Kind::Text,
            "--description",
        )
        .placeholder("Allow HTTP"),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
    ],
    build: options("aws ec2 create-security-group"),
};

pub const AUTHORIZE_SECURITY_GROUP_INGRESS: Form = Form {
    id: "authorize-security-group-ingress",
    group: Group::Vpc,
    title: l("インバウンドルールを追加", "Add inbound rule"),
    fields: &[
        field(
            "sg",
            l("セキュリティグループ", "Security group"),
            Kind::Choice(Source::SecurityGroups),
            "--group-id",
        ),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Words(PROTOCOLS)),
            "--protocol",
        ),
        field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
            .optional()
            .default("80")
            .codes(&["InvalidPermission.Duplicate"]),
        field(
            "source",
            l(
                "ソース（CIDR、またはセキュリティグループの名前か ID）",
                "Source (a CIDR, or a security group's name or ID)",
            ),
            Kind::Text,
            "--cidr",
        )
        .default("0.0.0.0/0")
        .codes(&["InvalidGroup.NotFound"]),
    ],
    build: Build::Custom(|v, w| vec![rule_line("aws ec2 authorize-security-group-ingress", v, w)]),
};

pub const ALLOCATE_ADDRESS: Form = Form {
    id: "allocate-address",
    group: Group::Vpc,
    title: l(
        "Elastic IP アドレスを割り当てる",
        "Allocate Elastic IP address",
    ),
    fields: &[field("name", NAME_TAG, Kind::Text, "--tag-specifications")
        .optional()
        .placeholder("nat-eip")],
    build: tagged("aws ec2 allocate-address --domain vpc", "elastic-ip"),
};

pub const CREATE_NAT_GATEWAY: Form = Form {
    id: "create-nat-gateway",
    group: Group::Vpc,
    title: l("NAT ゲートウェイを作成", "Create NAT gateway"),
    fields: &[
        field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("nat-a"),
        field(
            "subnet",
            l("サブネット（パブリック）", "Subnet (a public one)"),
            Kind::Choice(Source::Subnets),
            "--subnet-id",
        )
        .codes(&["InvalidSubnetID.NotFound"]),
        field(
            "allocation",
            l("Elastic IP 割り当て ID", "Elastic IP allocation ID"),
            Kind::Choice(Source::Addresses),
            "--allocation-id",
        )
        .codes(&["InvalidAllocationID.NotFound", "Resource.AlreadyAssociated"]),
    ],
    build: tagged("aws ec2 create-nat-gateway", "natgateway"),
};

pub const CREATE_VPC_ENDPOINT: Form = Form {
    id: "create-vpc-endpoint",
    group: Group::Vpc,
    title: l("エンドポイントを作成", "Create endpoint"),
    fields: &[
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        field(
            "service",
            l("サービス名", "Service name"),
            Kind::Choice(Source::EndpointServices),
            "--service-name",
        )
        .codes(&["InvalidServiceName"]),
        field(
            "subnets",
            l(
                "サブネット（インターフェイス型）",
                "Subnets (interface endpoints)",
            ),
            Kind::Multi(Source::Subnets),
            "--subnet-ids",
        )
        .optional(),
        field(
            "security_groups",
            l(
                "セキュリティグループ（インターフェイス型）",
                "Security groups (interface endpoints)",
            ),
            Kind::Multi(Source::SecurityGroups),
            "--security-group-ids",
        )
        .optional(),
        field(
            "route_tables",
            l(
                "ルートテーブル（ゲートウェイ型）",
                "Route tables (gateway endpoints)",
            ),
            Kind::Multi(Source::RouteTables),
            "--route-table-ids",
        )
        .optional(),
        field(
            "private_dns",
            l(
                "DNS 名を有効化（インターフェイス型）",
                "Enable DNS name (interface endpoints)",
            ),
            Kind::Choice(Source::Words(&[
                ("yes", l("はい", "yes")),
                ("no", l("いいえ", "no")),
            ])),
            "--private-dns-enabled",
        )
        .codes(&["InvalidParameter"]),
    ],
    build: Build::Custom(|v, _| {
        let service = get(v, "service");
        // S3 is a gateway endpoint (routes); the others are interfaces in subnets.
        let gateway = service.ends_with(".s3") || service.ends_with(".dynamodb");
        let mut line = Line::new("aws ec2 create-vpc-endpoint")
            .opt("--vpc-id", get(v, "vpc"))
            .opt(
                "--vpc-endpoint-type",
                if gateway { "Gateway" } else { "Interface" },
            )
            .opt("--service-name", service);
        if gateway {
            line = line.many("--route-table-ids", &list(v, "route_tables"));
        } else {
            line = line.many("--subnet-ids", &list(v, "subnets"));
            let groups = list(v, "security_groups");
            if !groups.is_empty() {
                line = line.many("--security-group-ids", &groups);
            }
            line = line.flag(if get(v, "private_dns") == "no" {
                "--no-private-dns-enabled"
            } else {
                "--private-dns-enabled"
            });
        }
        vec![line.done()]
    }),
};

pub const DELETE_SECURITY_GROUP: Form = Form {
    id: "delete-security-group",
    group: Group::Vpc,
    title: l("セキュリティグループを削除", "Delete security group"),
    fields: &[field(
        "sg",
        l("セキュリティグループ", "Security group"),
        Kind::Choice(Source::SecurityGroups),
        "--group-id",
    )
    .codes(&["DependencyViolation", "CannotDelete"])],
    build: options("aws ec2 delete-security-group"),
};

pub const DELETE_SUBNET: Form = Form {
    id: "delete-subnet",
    group: Group::Vpc,
    title: l("サブネットを削除", "Delete subnet"),
    fields: &[field(
        "subnet",
        SUBNET,
        Kind::Choice(Source::Subnets),
        "--subnet-id",
    )
    .codes(&["DependencyViolation"])],
    build: options("aws ec2 delete-subnet"),
};

pub const DELETE_INTERNET_GATEWAY: Form = Form {
    id: "delete-internet-gateway",
    group: Group::Vpc,
    title: l(
        "インターネットゲートウェイを削除",
        "Delete internet gateway",
    ),
    fields: &[field(
        "igw",
        INTERNET_GATEWAY,
        Kind::Choice(Source::InternetGateways),
        "--internet-gateway-id",
    )
    .codes(&["DependencyViolation"])],
    build: Build::Custom(|v, world| {
        let id = get(v, "igw");
        let mut lines = Vec::new();
        // The console detaches first, as AWS requires.
        if let Some(vpc) = world
            .ec2
            .internet_gateways
            .get(id)
            .and_then(|g| g.attached_vpc.as_deref())
        {
            lines.push(
                Line::new("aws ec2 detach-internet-gateway")
                    .opt("--internet-gateway-id", id)
                    .opt("--vpc-id", vpc)
                    .done(),
            );
        }
        lines.push(
            Line::new("aws ec2 delete-internet-gateway")
                .opt("--internet-gateway-id", id)
                .done(),
        );
        lines
    }),
};

pub const DELETE_VPC: Form = Form {
    id: "delete-vpc",
    group: Group::Vpc,
    title: l("VPC を削除", "Delete VPC"),
    fields: &[
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id").codes(&["DependencyViolation"])
    ],
    build: options("aws ec2 delete-vpc"),
};

pub const REVOKE_SECURITY_GROUP_INGRESS: Form = Form {
    id: "revoke-security-group-ingress",
    group: Group::Vpc,
    title: l("インバウンドルールを削除", "Delete inbound rule"),
    fields: &[
        field(
            "sg",
            l("セキュリティグループ", "Security group"),
            Kind::Choice(Source::SecurityGroups),
            "--group-id",
        ),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Words(PROTOCOLS)),
            "--protocol",
        ),
        field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
            .optional()
            .default("80")
            .codes(&["InvalidPermission.NotFound"]),
        field(
            "source",
            l(
                "ソース（CIDR、またはセキュリティグループの名前か ID）",
                "Source (a CIDR, or a security group's name or ID)",
            ),
            Kind::Text,
            "--cidr",
        )
        .default("0.0.0.0/0"),
    ],
    build: Build::Custom(|v, w| vec![rule_line("aws ec2 revoke-security-group-ingress", v, w)]),
};

pub const CREATE_NETWORK_ACL: Form = Form {
    id: "create-network-acl",
    group: Group::Vpc,
    title: l("ネットワーク ACL を作成", "Create network ACL"),
    fields: &[
        field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("private-acl"),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
    ],
    build: tagged("aws ec2 create-network-acl", "network-acl"),
};

pub const CREATE_NETWORK_ACL_ENTRY: Form = Form {
    id: "create-network-acl-entry",
    group: Group::Vpc,
    title: l("ネットワーク ACL のルールを追加", "Add network ACL rule"),
    fields: &[
        field(
            "acl",
            l("ネットワーク ACL", "Network ACL"),
            Kind::Choice(Source::NetworkAcls),
            "--network-acl-id",
        ),
        field(
            "direction",
            l("方向", "Direction"),
            Kind::Choice(Source::Words(&[
                ("ingress", l("インバウンドルール", "Inbound rules")),
                ("egress", l("アウトバウンドルール", "Outbound rules")),
            ])),
            "--egress",
        ),
        field(
            "rule_number",
            l("ルール番号", "Rule number"),
            Kind::Number,
            "--rule-number",
        )
        .default("100")
        .codes(&[
            "NetworkAclEntryAlreadyExists",
            "InvalidNetworkAclEntry.RuleNumber",
        ]),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Words(PROTOCOLS)),
            "--protocol",
        ),
        field(
            "ports",
            l(
                "ポート範囲（例: 80 または 1024-65535）",
                "Port range (80 or 1024-65535)",
            ),
            Kind::Text,
            "--port-range",
        )
        .optional()
        .default("80"),
        field(
            "cidr",
            l("送信元/送信先 CIDR", "Source/destination CIDR"),
            Kind::Text,
            "--cidr-block",
        )
        .default("0.0.0.0/0"),
        field(
            "action",
            l("許可/拒否", "Allow/Deny"),
            Kind::Choice(Source::Words(&[
                ("allow", l("許可", "Allow")),
                ("deny", l("拒否", "Deny")),
            ])),
            "--rule-action",
        ),
    ],
    build: Build::Custom(|v, _| {
        let mut line = Line::new("aws ec2 create-network-acl-entry")
            .opt("--network-acl-id", get(v, "acl"))
            .opt("--rule-number", get(v, "rule_number"))
            .opt("--protocol", get(v, "protocol"));
        if get(v, "protocol") != "-1" && !get(v, "ports").is_empty() {
            let (from, to) = get(v, "ports")
                .split_once('-')
                .unwrap_or((get(v, "ports"), get(v, "ports")));
            line = line.opt(
                "--port-range",
                &format!("From={},To={}", from.trim(), to.trim()),
            );
        }
        line = line
            .opt("--cidr-block", get(v, "cidr"))
            .opt("--rule-action", get(v, "action"));
        line = if get(v, "direction") == "egress" {
            line.flag("--egress")
        } else {
            line.flag("--ingress")
        };
        vec![line.done()]
    }),
};

pub const REPLACE_NETWORK_ACL_ASSOCIATION: Form = Form {
    id: "replace-network-acl-association",
    group: Group::Vpc,
    title: l(
        "サブネットの関連付けを編集（ネットワーク ACL）",
        "Edit subnet associations (network ACL)",
    ),
    fields: &[
        field(
            "acl",
            l("ネットワーク ACL", "Network ACL"),
            Kind::Choice(Source::NetworkAcls),
            "--network-acl-id",
        ),
        field(
            "subnet",
            SUBNET,
            Kind::Choice(Source::Subnets),
            "--association-id",
        ),
    ],
    build: Build::Custom(|v, world| {
        // The API takes the subnet's current association, not the subnet.
        let association = world
            .ec2
            .effective_network_acl(get(v, "subnet"))
            .and_then(|acl| {
                acl.associations
                    .iter()
                    .find(|a| a.subnet_id == get(v, "subnet"))
            })
            .map_or_else(|| get(v, "subnet").to_string(), |a| a.id.clone());
        vec![Line::new("aws ec2 replace-network-acl-association")
            .opt("--association-id", &association)
            .opt("--network-acl-id", get(v, "acl"))
            .done()]
    }),
};

pub const CREATE_LAUNCH_TEMPLATE: Form = Form {
    id: "create-launch-template",
    group: Group::Ecs,
    title: l(
        "起動テンプレートを作成（ECS のコンテナインスタンス用）",
        "Create launch template (for ECS container instances)",
    ),
    fields: &[
        field(
            "name",
            l("起動テンプレート名", "Launch template name"),
            Kind::Text,
            "--launch-template-name",
        )
        .placeholder("ecs-learn")
        .codes(&[
            "InvalidLaunchTemplateName.AlreadyExistsException",
            "InvalidLaunchTemplateName.MalformedException",
        ]),
        field(
            "instance_type",
            l("インスタンスタイプ", "Instance type"),
            Kind::Choice(Source::Fixed(&[
                ("t3.small", "t3.small (2 vCPU, 2 GiB)"),
                ("t3.medium", "t3.medium (2 vCPU, 4 GiB)"),
                ("t3.large", "t3.large (2 vCPU, 8 GiB)"),
                ("m5.large", "m5.large (2 vCPU, 8 GiB)"),
                ("c5.large", "c5.large (2 vCPU, 4 GiB)"),
            ])),
            "--launch-template-data",
        ),
        field(
            "profile",
            l("インスタンスプロファイル", "Instance profile"),
            Kind::Choice(Source::InstanceProfiles),
            "--launch-template-data",
        ),
        field(
            "cluster",
            l(
                "参加するクラスター（ユーザーデータの ECS_CLUSTER）",
                "Cluster to join (ECS_CLUSTER in the user data)",
            ),
            Kind::Choice(Source::Clusters),
            "--launch-template-data",
        ),
        field(
            "security_groups",
            SECURITY_GROUPS,
            Kind::Multi(Source::SecurityGroups),
            "--launch-template-data",
        )
        .optional(),
    ],
    build: Build::Custom(|v, _| {
        let user_data = format!(
            "#!/bin/bash\necho ECS_CLUSTER={} >> /etc/ecs/ecs.config\n",
            get(v, "cluster")
        );
        let mut data = serde_json::json!({
            "ImageId": ecs_sim::ec2::launch_template::ECS_OPTIMIZED_AMI,
            "InstanceType": get(v, "instance_type"),
            "IamInstanceProfile": { "Name": get(v, "profile") },
            "UserData": ecs_sim::ec2::launch_template::encode_base64(user_data.as_bytes()),
        });
        let groups = list(v, "security_groups");
        if !groups.is_empty() {
            data["SecurityGroupIds"] = serde_json::json!(groups);
        }
        vec![Line::new("aws ec2 create-launch-template")
            .opt("--launch-template-name", get(v, "name"))
            .opt("--launch-template-data", &data.to_string())
            .done()]
    }),
};

pub const DELETE_ROUTE: Form = Form {
    id: "delete-route",
    group: Group::Vpc,
    title: l("ルートを削除", "Delete route"),
    fields: &[
        field(
            "rt",
            ROUTE_TABLE,
            Kind::Choice(Source::RouteTables),
            "--route-table-id",
        ),
        field(
            "destination",
            l("送信先", "Destination"),
            Kind::Text,
            "--destination-cidr-block",
        )
        .default("0.0.0.0/0")
        .codes(&["InvalidRoute.NotFound"]),
    ],
    build: options("aws ec2 delete-route"),
};

pub const DELETE_ROUTE_TABLE: Form = Form {
    id: "delete-route-table",
    group: Group::Vpc,
    title: l("ルートテーブルを削除", "Delete route table"),
    fields: &[field(
        "rt",
        ROUTE_TABLE,
        Kind::Choice(Source::RouteTables),
        "--route-table-id",
    )
    .codes(&["DependencyViolation"])],
    build: options("aws ec2 delete-route-table"),
};

pub const DELETE_NAT_GATEWAY: Form = Form {
    id: "delete-nat-gateway",
    group: Group::Vpc,
    title: l("NAT ゲートウェイを削除", "Delete NAT gateway"),
    fields: &[field(
        "nat",
        l("NAT ゲートウェイ", "NAT gateway"),
        Kind::Choice(Source::NatGateways),
        "--nat-gateway-id",
    )],
    build: options("aws ec2 delete-nat-gateway"),
};

pub const RELEASE_ADDRESS: Form = Form {
    id: "release-address",
    group: Group::Vpc,
    title: l("Elastic IP アドレスを解放", "Release Elastic IP address"),
    fields: &[field(
        "allocation",
        l("Elastic IP", "Elastic IP"),
        Kind::Choice(Source::Addresses),
        "--allocation-id",
    )
    .codes(&["InvalidIPAddress.InUse"])],
    build: options("aws ec2 release-address"),
};

pub const DELETE_VPC_ENDPOINTS: Form = Form {
    id: "delete-vpc-endpoints",
    group: Group::Vpc,
    title: l("VPC エンドポイントを削除", "Delete VPC endpoint"),
    fields: &[field(
        "endpoint",
        l("VPC エンドポイント", "VPC endpoint"),
        Kind::Choice(Source::VpcEndpoints),
        "--vpc-endpoint-ids",
    )],
    build: options("aws ec2 delete-vpc-endpoints"),
};

pub const DELETE_NETWORK_ACL: Form = Form {
    id: "delete-network-acl",
    group: Group::Vpc,
    title: l("ネットワーク ACL を削除", "Delete network ACL"),
    fields: &[field(
        "acl",
        l("ネットワーク ACL", "Network ACL"),
        Kind::Choice(Source::NetworkAcls),
        "--network-acl-id",
    )
    .codes(&["DependencyViolation", "InvalidParameterValue"])],
    build: options("aws ec2 delete-network-acl"),
};

pub const AUTHORIZE_SECURITY_GROUP_EGRESS: Form = Form {
    id: "authorize-security-group-egress",
    group: Group::Vpc,
    title: l("アウトバウンドルールを追加", "Add outbound rule"),
    fields: &[
        field(
            "sg",
            l("セキュリティグループ", "Security group"),
            Kind::Choice(Source::SecurityGroups),
            "--group-id",
        ),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Words(PROTOCOLS)),
            "--protocol",
        ),
        field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
            .optional()
            .default("443")
            .codes(&["InvalidPermission.Duplicate"]),
        field(
            "source",
            l(
                "送信先（CIDR またはセキュリティグループ ID）",
                "Destination (CIDR or security group ID)",
            ),
            Kind::Text,
            "--cidr",
        )
        .default("0.0.0.0/0")
        .codes(&["InvalidGroup.NotFound"]),
    ],
    build: Build::Custom(|v, w| vec![rule_line("aws ec2 authorize-security-group-egress", v, w)]),
};

pub const REVOKE_SECURITY_GROUP_EGRESS: Form = Form {
    id: "revoke-security-group-egress",
    group: Group::Vpc,
    title: l("アウトバウンドルールを削除", "Delete outbound rule"),
    fields: &[
        field(
            "sg",
            l("セキュリティグループ", "Security group"),
            Kind::Choice(Source::SecurityGroups),
            "--group-id",
        ),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Words(PROTOCOLS)),
            "--protocol",
        )
        .default("-1"),
        field("port", l("ポート範囲", "Port range"), Kind::Text, "--port").optional(),
        field(
            "source",
            l(
                "送信先（CIDR またはセキュリティグループ ID）",
                "Destination (CIDR or security group ID)",
            ),
            Kind::Text,
            "--cidr",
        )
        .default("0.0.0.0/0")
        .codes(&["InvalidPermission.NotFound"]),
    ],
    build: Build::Custom(|v, w| vec![rule_line("aws ec2 revoke-security-group-egress", v, w)]),
};
