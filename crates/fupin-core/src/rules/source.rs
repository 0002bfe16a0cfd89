//! The documents the rules come from, each with its title, issuer, number and date as far as
//! the project could confirm them. Where a number or a day could not be confirmed, the field
//! says so (`number: None`, a date of month precision) and the note tells what is known,
//! instead of a figure made up.

use serde::Serialize;

/// A document a rule, a figure or a procedure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// Stable key (`exit_opinion_2016`, …).
    pub key: &'static str,
    /// The title, in Chinese, as issued.
    pub title: &'static str,
    /// Who issued it.
    pub issuer: &'static str,
    /// Its number (文号); `None` when it has none or the project could not confirm it.
    pub number: Option<&'static str>,
    /// The day of issue (`YYYY-MM-DD`), or the month (`YYYY-MM`) when the day could not be
    /// confirmed.
    pub date: &'static str,
    /// What else is known: which part of it the rules use, what could not be confirmed.
    pub note: &'static str,
}

impl Source {
    /// The citation: `《title》(issuer, number, date)`, the number left out when unknown.
    ///
    /// ```
    /// use fupin_core::rules::source;
    ///
    /// assert_eq!(
    ///     source::SPECIAL_EVALUATION_2017.cite(),
    ///     "《贫困县退出专项评估检查实施办法（试行）》(国务院扶贫开发领导小组办公室, 国开办发〔2017〕56号, 2017-09-30)"
    /// );
    /// ```
    pub fn cite(&self) -> String {
        match self.number {
            Some(n) => format!("{}({}, {n}, {})", self.title, self.issuer, self.date),
            None => format!("{}({}, {})", self.title, self.issuer, self.date),
        }
    }
}

/// 《关于建立贫困退出机制的意见》: the exit standards of households, villages and counties.
pub const EXIT_OPINION_2016: Source = Source {
    key: "exit_opinion_2016",
    title: "《关于建立贫困退出机制的意见》",
    issuer: "中共中央办公厅、国务院办公厅",
    number: None,
    date: "2016-04",
    note: "households: 人均纯收入稳定超过国家扶贫标准且吃穿不愁，义务教育、基本医疗、住房安全有保障; \
           villages and counties: 贫困发生率降至2%以下（西部地区降至3%以下）, 以下 including the \
           figure itself. Reported as issued 近日 on 2016-04-28; the number (cited as 厅字〔2016〕16号 \
           or 中办发〔2016〕16号) could not be confirmed from a copy of the document.",
};

/// 《贫困县退出专项评估检查实施办法（试行）》: the special evaluation's 三率一度.
pub const SPECIAL_EVALUATION_2017: Source = Source {
    key: "special_evaluation_2017",
    title: "《贫困县退出专项评估检查实施办法（试行）》",
    issuer: "国务院扶贫开发领导小组办公室",
    number: Some("国开办发〔2017〕56号"),
    date: "2017-09-30",
    note: "贫困发生率（综合贫困发生率）、错退率、漏评率高于2%（西部地区综合贫困发生率高于3%）或群众认可度低于90%的，\
           不得退出; 错退率 = 抽样错退人口数 ÷ 抽样脱贫人口数 (people), 漏评率 = 漏评人口数 ÷ 抽查村未建档立卡\
           农村人口数 (people), 认可度 = 认可户数 ÷ 调查总户数 (households).",
};

/// 《中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见》: from the 2018 exits on, the
/// province organises the special evaluation; the centre spot-checks.
pub const THREE_YEAR_ACTION_2018: Source = Source {
    key: "three_year_action_2018",
    title: "《中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见》",
    issuer: "中共中央、国务院",
    number: None,
    date: "2018-06-15",
    note: "从2018年起，贫困县退出专项评估检查由各省统一组织实施，并对退出贫困县的质量负责，中央进行抽查. \
           The share spot-checked is not fixed by it: the 2019 check of the 283 counties exited in \
           2018 took 20% (60 counties), a decision of that year, so the share is a parameter.",
};

/// 《关于解决"两不愁三保障"突出问题的指导意见》: safe drinking water checked from then on.
pub const GUARANTEES_2019: Source = Source {
    key: "guarantees_2019",
    title: "《关于解决\"两不愁三保障\"突出问题的指导意见》",
    issuer: "国务院扶贫开发领导小组",
    number: None,
    date: "2019-06-23",
    note: "names the drinking-water safety of poor people among the problems to solve, checked \
           under 不愁吃 from then on; the number (cited as 国开发〔2019〕15号) could not be confirmed.",
};

/// 《网络扶贫行动计划》 (2016): the plan itself and its 2020 goals.
pub const NETWORK_PLAN_2016: Source = Source {
    key: "network_plan_2016",
    title: "《网络扶贫行动计划》",
    issuer: "中央网信办、国家发展改革委、国务院扶贫办",
    number: None,
    date: "2016-10",
    note: "reported as issued 近日 on 2016-10-28; goals for 2020: 宽带网络覆盖90%以上的贫困村, \
           电商服务通达乡镇 (the 90% goal is quoted as the plan's by the MIIT plan of 2018).",
};

/// 《工业和信息化部关于推进网络扶贫的实施方案（2018-2020年）》.
pub const MIIT_PLAN_2018: Source = Source {
    key: "miit_plan_2018",
    title: "《工业和信息化部关于推进网络扶贫的实施方案（2018-2020年）》",
    issuer: "工业和信息化部",
    number: Some("工信部通信〔2018〕83号"),
    date: "2018-06",
    note: "全国12.29万个建档立卡贫困村宽带网络覆盖比例超过98% by 2020, over every registered poor \
           village, exited or not. The day of issue could not be confirmed: first reported as \
           issued 近日 on 2018-06-06, taken as the day the revision starts.",
};

/// 《2020年网络扶贫工作要点》.
pub const WORK_POINTS_2020: Source = Source {
    key: "work_points_2020",
    title: "《2020年网络扶贫工作要点》",
    issuer: "中央网信办、国家发展改革委、国务院扶贫办、工业和信息化部",
    number: None,
    date: "2020-03-19",
    note: "贫困村通宽带比例达到99% (MIIT restated it on 2020-05-17: 贫困村通宽带比例超过99%); the \
           issuers are those of the 2019 edition, not confirmed for 2020.",
};

/// The national rural poverty line's current-price figures, as NBS publishes them.
pub const NBS_POVERTY_LINE: Source = Source {
    key: "nbs_poverty_line",
    title: "国家统计局 农村贫困监测 (2010年标准的现价贫困线)",
    issuer: "国家统计局",
    number: None,
    date: "2017",
    note: "2010–2016 as listed in the table note of 《云南调查年鉴2017》 table 4-2 (NBS survey \
           office); 2017–2019 as NBS's poverty-monitoring figures are widely cited, not checked \
           against a copy of 《中国农村贫困监测报告》.",
};

/// 《中国农村扶贫开发纲要（2011－2020年）》 and the 2011 decision on the new line: 2,300 yuan
/// per person and year at 2010 prices.
pub const LINE_2011: Source = Source {
    key: "line_2011",
    title: "《中国农村扶贫开发纲要（2011－2020年）》",
    issuer: "中共中央、国务院",
    number: None,
    date: "2011-11",
    note: "the national rural poverty line of 2,300 yuan per person and year at 2010 prices, \
           announced at the central poverty-alleviation work conference of 2011-11-29.",
};

/// Every source the built-in rules cite, in a stable order.
pub const ALL: [&Source; 9] = [
    &EXIT_OPINION_2016,
    &SPECIAL_EVALUATION_2017,
    &THREE_YEAR_ACTION_2018,
    &GUARANTEES_2019,
    &NETWORK_PLAN_2016,
    &MIIT_PLAN_2018,
    &WORK_POINTS_2020,
    &NBS_POVERTY_LINE,
    &LINE_2011,
];

/// The source with this key.
pub fn get(key: &str) -> Option<&'static Source> {
    ALL.iter().copied().find(|s| s.key == key)
}
