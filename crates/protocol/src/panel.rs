//! The side panel's view: what is selected, its facts, the `aws` commands
//! that show the same, "explain why" paths, the forms that change it, and a
//! subnet's address grid.

use crate::{FormValues, Text};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// What the learner selected in the diagram (or in the account summary).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Selection {
    Vpc(String),
    Subnet(String),
    LoadBalancer(String),
    /// A target group, by ARN.
    TargetGroup(String),
    Task(String),
    /// `cluster/service` (chosen from the account summary).
    Service(String),
}

/// The selected resource, as its panel shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panel {
    pub heading: String,
    /// (label, value).
    pub facts: Vec<(String, String)>,
    /// The `aws` commands that show the same (one click runs them).
    pub commands: Vec<String>,
    /// "Explain why": health check and image pull paths, placement.
    pub paths: Vec<PathView>,
    /// The first blocking rule among the paths: what the diagram outlines.
    pub blocking: Option<String>,
    /// The forms that change or delete it, opened on it.
    pub actions: Vec<PanelAction>,
    /// A subnet's addresses, and whether the grid was cut short.
    pub addresses: Option<(Vec<AddressCell>, bool)>,
}

/// A path, hop by hop, for "explain why".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathView {
    pub title: String,
    pub reachable: bool,
    /// (passed, what was checked).
    pub hops: Vec<(bool, String)>,
    /// The resource of the first failed check (`sg-…`, `acl-…`, `rtb-…`, …), outlined in the diagram.
    pub blocking: Option<String>,
}

/// A form to open on the selected resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelAction {
    pub form_id: String,
    pub title: Text,
    pub values: FormValues,
}

/// One address of a subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressCell {
    pub ip: Ipv4Addr,
    pub used_as: AddressUse,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressUse {
    /// One of the five addresses AWS keeps, and which.
    Reserved(String),
    Free,
    /// The interface holding it and what it is for.
    Taken {
        eni: String,
        owner: String,
    },
}
