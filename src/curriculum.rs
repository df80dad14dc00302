//! The planned lesson sequence, shown on the lesson map.
//!
//! The map itself follows `lessons/index.yaml`; this list gives a page its
//! title before the lesson file has loaded, and shows the planned lessons
//! that are not written yet.

use crate::i18n::Lang;

/// One entry of the lesson map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedLesson {
    pub id: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
}

impl PlannedLesson {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

pub const LESSONS: &[PlannedLesson] = &[
    PlannedLesson {
        id: "ecs-basics",
        ja: "コンテナと ECS の構成要素",
        en: "Containers and ECS's building blocks",
    },
    PlannedLesson {
        id: "vpc-cidr",
        ja: "VPC と CIDR",
        en: "VPC and CIDR",
    },
    PlannedLesson {
        id: "public-private-subnets",
        ja: "パブリックサブネットとプライベートサブネット",
        en: "Public and private subnets",
    },
    PlannedLesson {
        id: "security-groups",
        ja: "セキュリティグループ",
        en: "Security groups",
    },
    PlannedLesson {
        id: "task-definitions",
        ja: "タスク定義を深く知る",
        en: "Task definitions in depth",
    },
    PlannedLesson {
        id: "ecr-private-networking",
        ja: "ECR とプライベートネットワーク",
        en: "ECR and private networking",
    },
    PlannedLesson {
        id: "services-load-balancers",
        ja: "ロードバランサーの後ろのサービス",
        en: "Services behind a load balancer",
    },
    PlannedLesson {
        id: "two-tier",
        ja: "2 層アーキテクチャ",
        en: "The two-tier architecture",
    },
    PlannedLesson {
        id: "ec2-placement",
        ja: "EC2 起動タイプとタスク配置",
        en: "EC2 launch type and placement",
    },
    PlannedLesson {
        id: "rolling-updates",
        ja: "ローリングアップデート",
        en: "Rolling updates",
    },
    PlannedLesson {
        id: "blue-green",
        ja: "CodeDeploy による Blue/Green デプロイ",
        en: "Blue/green with CodeDeploy",
    },
    PlannedLesson {
        id: "autoscaling",
        ja: "オートスケーリング",
        en: "Autoscaling",
    },
    PlannedLesson {
        id: "operations",
        ja: "運用する",
        en: "Operating it",
    },
    PlannedLesson {
        id: "capstone",
        ja: "総仕上げチャレンジ",
        en: "Capstone challenge",
    },
    PlannedLesson {
        id: "notes-corrected",
        ja: "ノートの思い込みを正す",
        en: "Mistakes in the notes, corrected",
    },
];

/// The planned lesson with this id.
pub fn find(id: &str) -> Option<(usize, &'static PlannedLesson)> {
    LESSONS
        .iter()
        .enumerate()
        .find(|(_, lesson)| lesson.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::Route;

    #[test]
    fn ids_are_unique_routable_slugs() {
        for (i, lesson) in LESSONS.iter().enumerate() {
            assert_eq!(
                Route::from_hash(&Route::Lesson(lesson.id.into()).href()),
                Route::Lesson(lesson.id.into())
            );
            assert!(
                LESSONS[..i].iter().all(|other| other.id != lesson.id),
                "duplicate {}",
                lesson.id
            );
            assert!(!lesson.ja.is_empty() && !lesson.en.is_empty());
        }
    }
}
