//! The EC2 instance types the playground offers (`sim add-instance`, launch
//! templates): vCPUs, and the memory an ECS agent registers on each (a little
//! under the instance's, as the agent reserves some).

/// (name, vCPUs, memory MiB the ECS agent registers).
pub const INSTANCE_TYPES: &[(&str, u32, u32)] = &[
    ("t3.micro", 2, 943),
    ("t3.small", 2, 1932),
    ("t3.medium", 2, 3884),
    ("t3.large", 2, 7934),
    ("m5.large", 2, 7680),
    ("m5.xlarge", 4, 15_580),
    ("c5.large", 2, 3_759),
    ("c5.xlarge", 4, 7_624),
    ("r5.large", 2, 15_682),
];

/// (CPU units, registered memory MiB) of an instance type.
pub fn instance_type(name: &str) -> Option<(u32, u32)> {
    INSTANCE_TYPES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, vcpus, memory)| (vcpus * 1024, *memory))
}
