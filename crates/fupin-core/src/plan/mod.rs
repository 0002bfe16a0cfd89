//! The plan: its five projects, indicators and targets, and the national poverty line.

use serde::{Deserialize, Serialize};

/// The five projects (五大工程) of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKey {
    /// 网络覆盖工程.
    NetworkCoverage,
    /// 农村电商工程.
    RuralEcommerce,
    /// 网络扶智工程.
    NetworkEducation,
    /// 信息服务工程.
    InformationServices,
    /// 网络公益工程.
    PublicWelfare,
}
