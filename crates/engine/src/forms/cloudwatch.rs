//! The forms of CloudWatch: alarms.

use super::*;

pub const DELETE_ALARMS: Form = Form {
    id: "delete-alarms",
    group: Group::Ecs,
    title: l("CloudWatch アラームを削除", "Delete CloudWatch alarm"),
    fields: &[field(
        "alarm",
        l("アラーム", "Alarm"),
        Kind::Choice(Source::Alarms),
        "--alarm-names",
    )],
    build: options("aws cloudwatch delete-alarms"),
};
