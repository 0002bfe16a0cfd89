//! The registered household file (建档立卡, 一户一档).

mod id_number;

pub use id_number::{IdNumber, IdNumberError, check_char};

use serde::{Deserialize, Serialize};

/// Sex of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}
