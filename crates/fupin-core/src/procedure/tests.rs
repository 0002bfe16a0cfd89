//! Hand-checked small cases of the procedure machinery.

use chrono::NaiveDate;

use super::*;
use crate::region::{Level, RegionCode};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn by(id: &str, level: Level, region: Option<&str>) -> BodyRef {
    BodyRef::new(id, level, region.map(|r| r.parse::<RegionCode>().unwrap())).unwrap()
}

#[test]
fn keys_labels_and_wire_agree() {
    for s in CountyStep::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert!(!s.label_zh().is_empty());
    }
    for s in HouseholdStep::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    for s in VillageStep::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert!(!s.label_zh().is_empty());
    }
    for e in [CountyEdition::Opinion2016, CountyEdition::Provincial2018] {
        assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
    }
    assert_eq!(
        serde_json::to_value(CountyState::SpotChecked).unwrap(),
        "spot_checked"
    );
    assert_eq!(
        serde_json::to_value(HouseholdState::Consented).unwrap(),
        "consented"
    );
    let states = [
        CountyState::NotStarted,
        CountyState::InPublicNotice,
        CountyState::SentBack,
    ];
    for s in states {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(CountyState::InPublicNotice.label_zh(), "公示中");
    assert_eq!(HouseholdStep::PostNotice.label_zh(), "公示公告");
    assert_eq!(HouseholdState::Appraised.as_str(), "appraised");
}

#[test]
fn a_send_back_clears_the_notice_in_a_replay() {
    // 0 propose, 1 publish (illegal, opens a notice), 2 send back (illegal from the notice,
    // clears it), 3 approve (illegal from sent_back): only illegal steps are reported,
    // no notice problem for step 3 although it comes one day after the notice
    let county = Some("522327");
    let province = Some("520000");
    let history = vec![
        Record::new(
            CountyStep::Propose,
            d("2018-03-01"),
            by("c", Level::County, county),
        ),
        Record::new(
            CountyStep::PublishNotice,
            d("2018-03-02"),
            by("p", Level::Province, province),
        ),
        Record::new(
            CountyStep::SendBack,
            d("2018-03-03"),
            by("p", Level::Province, province),
        )
        .with_reason("r"),
        Record::new(
            CountyStep::Approve,
            d("2018-03-03"),
            by("p", Level::Province, province),
        ),
    ];
    let err = CountyExit::from_history(
        "522327".parse().unwrap(),
        ProcedureOptions::default(),
        history,
    )
    .unwrap_err();
    let codes: Vec<String> = err
        .issues()
        .iter()
        .map(|i| format!("{} {}", i.code, i.path))
        .collect();
    assert_eq!(
        codes,
        [
            "illegal_step history[1].step",
            "illegal_step history[2].step",
            "illegal_step history[3].step",
        ]
    );
}

#[test]
fn a_date_going_backwards_does_not_move_the_clock_back() {
    // step 1 is before step 0; step 2 is after step 1 but still before step 0
    let v = Some("522327104201");
    let history = vec![
        Record::new(
            HouseholdStep::Appraise,
            d("2019-10-08"),
            by("v", Level::Village, v),
        ),
        Record::new(
            HouseholdStep::Verify,
            d("2019-10-01"),
            by("v", Level::Village, v),
        ),
        Record::new(
            HouseholdStep::Consent,
            d("2019-10-05"),
            by("v", Level::Village, v),
        ),
    ];
    let err = HouseholdExit::from_history(
        "h1",
        "522327104201".parse().unwrap(),
        ProcedureOptions::default(),
        history,
    )
    .unwrap_err();
    let paths: Vec<String> = err.issues().iter().map(|i| i.path.to_string()).collect();
    assert_eq!(paths, ["history[1].date", "history[2].date"]);
}

#[test]
fn a_zero_day_notice_allows_approval_the_same_day() {
    let mut exit = HouseholdExit::new(
        "h1",
        "522327104201".parse().unwrap(),
        ProcedureOptions::default().with_min_notice_days(0),
    )
    .unwrap();
    let v = by("v", Level::Village, Some("522327104201"));
    let t = by("t", Level::Township, Some("522327104000"));
    exit.apply(Record::new(
        HouseholdStep::Appraise,
        d("2019-10-08"),
        v.clone(),
    ))
    .unwrap();
    exit.apply(Record::new(
        HouseholdStep::Verify,
        d("2019-10-08"),
        v.clone(),
    ))
    .unwrap();
    exit.apply(Record::new(
        HouseholdStep::Consent,
        d("2019-10-08"),
        v.clone(),
    ))
    .unwrap();
    exit.apply(Record::new(HouseholdStep::PostNotice, d("2019-10-08"), v))
        .unwrap();
    let state = exit
        .apply(Record::new(HouseholdStep::Remove, d("2019-10-08"), t))
        .unwrap();
    assert_eq!(state, HouseholdState::Removed);
}

#[test]
fn the_editions_differ_only_in_the_evaluator_and_the_spot_check() {
    use CountyStep as S;
    let old = CountyEdition::Opinion2016.steps();
    let new = CountyEdition::Provincial2018.steps();
    assert!(!old.contains(&S::SpotCheck));
    assert_eq!(new.last(), Some(&S::SpotCheck));
    assert_eq!(old.len() + 1, new.len());
    assert_eq!(CountyEdition::Opinion2016.evaluator(), Level::Nation);
    assert_eq!(CountyEdition::Provincial2018.evaluator(), Level::Province);
    assert_eq!(
        S::Evaluate.label_zh_in(CountyEdition::Provincial2018),
        "省级专项评估检查"
    );
    assert_eq!(CountyEdition::Opinion2016.source().key, "exit_opinion_2016");
}
