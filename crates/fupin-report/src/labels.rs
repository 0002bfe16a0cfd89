//! Labels of levels, verdicts and statuses in each language.

use fupin_core::assess::{Completeness, ExitStatus};
use fupin_core::region::Level;

use crate::model::Lang;

/// A level's name: 全国, 省级 … or nation, province …
pub fn level_name(level: Level, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => level.label_zh(),
        Lang::En => level.as_str(),
    }
}

/// How complete the data of an indicator is.
pub fn completeness(c: Completeness, lang: Lang) -> &'static str {
    match (c, lang) {
        (Completeness::Complete, Lang::Zh) => "完整",
        (Completeness::Partial, Lang::Zh) => "部分缺失",
        (Completeness::Missing, Lang::Zh) => "无数据",
        (Completeness::Empty, Lang::Zh) => "无对象",
        (c, Lang::En) => c.as_str(),
    }
}

/// A target verdict: met, not met, or no data.
pub fn met(m: Option<bool>, lang: Lang) -> &'static str {
    match (m, lang) {
        (Some(true), Lang::Zh) => "达标",
        (Some(false), Lang::Zh) => "未达标",
        (None, Lang::Zh) => "无数据",
        (Some(true), Lang::En) => "met",
        (Some(false), Lang::En) => "not met",
        (None, Lang::En) => "no data",
    }
}

/// An exit verdict's status.
pub fn exit_status(s: ExitStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (ExitStatus::Eligible, Lang::Zh) => "符合退出条件",
        (ExitStatus::NotEligible, Lang::Zh) => "不符合",
        (ExitStatus::Undetermined, Lang::Zh) => "待定",
        (ExitStatus::Eligible, Lang::En) => "eligible",
        (ExitStatus::NotEligible, Lang::En) => "not eligible",
        (ExitStatus::Undetermined, Lang::En) => "undetermined",
    }
}
