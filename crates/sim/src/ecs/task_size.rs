//! Task size: reading task-level `cpu`/`memory` strings the way AWS accepts
//! them (`"1024"`, `"1 vCPU"`, `"0.25 vcpu"`, `"2 GB"`, `"2GB"`) and the exact
//! table of CPU/memory pairs Fargate offers.

/// Task CPU accepted on EC2: 0.125 to 192 vCPU (API model).
pub const TASK_CPU_MIN: u32 = 128;
pub const TASK_CPU_MAX: u32 = 196_608;

/// One Fargate CPU size with the memory values it allows, in MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FargateSize {
    pub cpu: u32,
    pub memory_min: u32,
    pub memory_max: u32,
    pub memory_step: u32,
    /// Windows tasks on Fargate exist only from 1 vCPU to 4 vCPU.
    pub windows: bool,
}

/// Every Fargate size (AWS docs "Task size", confirmed against the live API).
/// 256 CPU allows exactly 512, 1024 and 2048 MiB: the 512-step covers 512 and
/// 1024 and 2048 is the only other one, hence the special case in
/// [`fargate_memory_options`].
pub const FARGATE_SIZES: [FargateSize; 7] = [
    FargateSize {
        cpu: 256,
        memory_min: 512,
        memory_max: 2048,
        memory_step: 512,
        windows: false,
    },
    FargateSize {
        cpu: 512,
        memory_min: 1024,
        memory_max: 4096,
        memory_step: 1024,
        windows: false,
    },
    FargateSize {
        cpu: 1024,
        memory_min: 2048,
        memory_max: 8192,
        memory_step: 1024,
        windows: true,
    },
    FargateSize {
        cpu: 2048,
        memory_min: 4096,
        memory_max: 16_384,
        memory_step: 1024,
        windows: true,
    },
    FargateSize {
        cpu: 4096,
        memory_min: 8192,
        memory_max: 30_720,
        memory_step: 1024,
        windows: true,
    },
    FargateSize {
        cpu: 8192,
        memory_min: 16_384,
        memory_max: 61_440,
        memory_step: 4096,
        windows: false,
    },
    FargateSize {
        cpu: 16_384,
        memory_min: 32_768,
        memory_max: 122_880,
        memory_step: 8192,
        windows: false,
    },
];

/// The memory values (MiB) Fargate allows with `cpu` units, ascending.
pub fn fargate_memory_options(cpu: u32) -> Vec<u32> {
    let Some(size) = FARGATE_SIZES.iter().find(|s| s.cpu == cpu) else {
        return Vec::new();
    };
    if cpu == 256 {
        // 0.25 vCPU: 512, 1024, 2048 — no 1536.
        return vec![512, 1024, 2048];
    }
    (size.memory_min..=size.memory_max)
        .step_by(size.memory_step as usize)
        .collect()
}

/// Whether Fargate has a task size of exactly `cpu` units and `memory` MiB.
pub fn fargate_size_supported(cpu: u32, memory: u32, windows: bool) -> bool {
    FARGATE_SIZES
        .iter()
        .any(|s| s.cpu == cpu && (!windows || s.windows))
        && fargate_memory_options(cpu).contains(&memory)
}

/// Task CPU units from `"256"`, `"1 vCPU"`, `"0.5 vcpu"`; `None` if not a
/// whole number of units or outside 128–196608.
pub fn parse_task_cpu(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let units = if let Some(n) = lower
        .strip_suffix("vcpus")
        .or_else(|| lower.strip_suffix("vcpu"))
    {
        scaled(n.trim(), 1024)?
    } else {
        whole(t)?
    };
    (TASK_CPU_MIN..=TASK_CPU_MAX)
        .contains(&units)
        .then_some(units)
}

/// Task memory in MiB from `"512"`, `"2 GB"`, `"0.5GB"`; `None` if not a
/// positive whole number of MiB.
pub fn parse_task_memory(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let mib = if let Some(n) = lower.strip_suffix("gb") {
        scaled(n.trim(), 1024)?
    } else {
        whole(t)?
    };
    (mib > 0).then_some(mib)
}

/// A plain non-negative integer of at most 10 digits.
fn whole(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `number × factor` for a decimal such as `0.25`, exactly (no floating
/// point), if the product is a whole number that fits in `u32`.
fn scaled(number: &str, factor: u64) -> Option<u32> {
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    let digits_ok = |s: &str| s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
    {
        return None;
    }
    let int: u64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().ok()?
    };
    let frac: u64 = if frac_part.is_empty() {
        0
    } else {
        frac_part.parse().ok()?
    };
    let denom = 10u64.checked_pow(u32::try_from(frac_part.len()).ok()?)?;
    let numerator = int
        .checked_mul(denom)?
        .checked_add(frac)?
        .checked_mul(factor)?;
    if numerator % denom != 0 {
        return None;
    }
    u32::try_from(numerator / denom).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_strings_normalise_to_units() {
        let cases = [
            ("256", Some(256)),
            (" 1024 ", Some(1024)),
            ("1 vCPU", Some(1024)),
            ("1vcpu", Some(1024)),
            ("2 vCPUs", Some(2048)),
            ("0.25 vCPU", Some(256)),
            ("0.125 vcpu", Some(128)),
            (".5 vCPU", Some(512)),
            ("192 vCPU", Some(196_608)),
            ("193 vCPU", None),
            ("100", None),
            ("0.1 vCPU", None),
            ("", None),
            ("vCPU", None),
            ("-256", None),
            ("1.0", None),
            ("one", None),
            ("99999999999999999999", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_task_cpu(text), want, "{text:?}");
        }
    }

    #[test]
    fn memory_strings_normalise_to_mib() {
        let cases = [
            ("512", Some(512)),
            ("2 GB", Some(2048)),
            ("2GB", Some(2048)),
            ("0.5 gb", Some(512)),
            ("30GB", Some(30_720)),
            ("0", None),
            ("1.5", None),
            ("2 TB", None),
            ("", None),
            ("99999999 GB", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_task_memory(text), want, "{text:?}");
        }
    }

    #[test]
    fn fargate_table_has_seventy_four_pairs() {
        let total: usize = FARGATE_SIZES
            .iter()
            .map(|s| fargate_memory_options(s.cpu).len())
            .sum();
        assert_eq!(total, 74);
        let counts: Vec<usize> = FARGATE_SIZES
            .iter()
            .map(|s| fargate_memory_options(s.cpu).len())
            .collect();
        assert_eq!(counts, vec![3, 4, 7, 13, 23, 12, 12]);
    }

    #[test]
    fn fargate_pairs_from_the_test_vectors() {
        let cases = [
            (256, 512, true),
            (256, 1536, false),
            (256, 4096, false),
            (1024, 2048, true),
            (1024, 9216, false),
            (4096, 30_720, true),
            (4096, 31_744, false),
            (8192, 18_432, false),
            (8192, 20_480, true),
            (16_384, 40_960, true),
            (16_384, 36_864, false),
            (32_768, 65_536, false),
            (300, 1024, false),
        ];
        for (cpu, mem, ok) in cases {
            assert_eq!(fargate_size_supported(cpu, mem, false), ok, "{cpu}/{mem}");
        }
        assert!(
            !fargate_size_supported(512, 1024, true),
            "Windows needs >= 1 vCPU"
        );
        assert!(fargate_size_supported(1024, 2048, true));
        assert!(!fargate_size_supported(8192, 16_384, true));
    }
}
