//! The shared judgement fixtures (tests/fixtures/judge) through the command: `fupin assess
//! --format json` on the fixture's register (as a table), unit tables and `--targets` reports
//! the digest the file holds, as the Rust API, Python and the browser do.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

use fupin_core::assess::HouseholdFields;
use fupin_core::household::Household;
use serde_json::{Value, json};

fn digest(report: &Value) -> Value {
    let list = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    json!({
        "verdicts": list("verdicts").iter().map(|v| json!([v["indicator"], v["unit"], v["met"]])).collect::<Vec<_>>(),
        "exits": list("exits").iter().map(|e| json!([
            e["unit"], e["status"],
            e["criteria"].as_array().unwrap().iter().map(|c| json!([c["key"], c["passed"]])).collect::<Vec<_>>(),
        ])).collect::<Vec<_>>(),
        "scorecards": list("scorecards").iter()
            .map(|s| json!([s["unit"], s["rank"], s["targets_met"], s["targets_judged"]]))
            .collect::<Vec<_>>(),
        "data_problems": list("data_problems").iter()
            .map(|i| json!([i["code"], i["path"], i["params"]]))
            .collect::<Vec<_>>(),
        "units_met": list("units_met").iter()
            .map(|u| json!([u["indicator"], u["level"], u["met"], u["judged"], u["units"]]))
            .collect::<Vec<_>>(),
    })
}

/// A unit table as CSV: `(field, header)` columns of the units.
fn csv(units: &[Value], columns: &[(&str, &str)]) -> String {
    let headers: Vec<&str> = columns.iter().map(|(_, h)| *h).collect();
    let mut out = headers.join(",") + "\n";
    for u in units {
        let cells: Vec<String> = columns
            .iter()
            .map(|(c, _)| match &u[*c] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        out += &(cells.join(",") + "\n");
    }
    out
}

#[test]
fn the_command_judges_each_fixture_as_recorded() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/judge");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let dir = tmp(&format!(
            "judge-{}",
            path.file_stem().unwrap().to_string_lossy()
        ));
        let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
        // the register as a table, each household's facts as the core reads them from its
        // record (`HouseholdFields::of`)
        let as_of: chrono::NaiveDate = case["as_of"].as_str().unwrap().parse().unwrap();
        let mut register = String::from(
            "file_number,village,people,status,terminal,ecommerce,online_training,file_complete,income_per_capita,guarantees_met\n",
        );
        let opt = |v: Option<bool>| v.map(|b| b.to_string()).unwrap_or_default();
        for value in case["households"].as_array().unwrap() {
            let h = Household::from_value(value.clone()).unwrap();
            let f = HouseholdFields::of(&h, as_of);
            let status = serde_json::to_value(h.status).unwrap();
            register += &format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                value["file_number"].as_str().unwrap(),
                h.village,
                f.people,
                status.as_str().unwrap(),
                opt(f.terminal),
                opt(f.ecommerce),
                opt(f.online_training),
                opt(f.file_complete),
                f.income_per_capita
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                opt(f.guarantees_met),
            );
        }
        write("households.csv", register);
        write("targets.json", case["targets"].to_string());
        let units = &case["units"];
        let list = |k: &str| units[k].as_array().cloned().unwrap_or_default();
        write(
            "counties.csv",
            csv(
                &list("counties"),
                &[("code", "county"), ("poor_county", "poor_county")],
            ),
        );
        write(
            "villages.csv",
            csv(
                &list("villages"),
                &[
                    ("code", "village"),
                    ("poor_village", "poor_village"),
                    ("rural_population", "rural_population"),
                ],
            ),
        );
        let settings = &case["settings"];
        // the command judges with the default strategy for missing data
        assert_eq!(settings["strategy"], "skip_if_all_missing");
        let out = fupin(
            &[
                "assess",
                "households.csv",
                "--counties",
                "counties.csv",
                "--villages",
                "villages.csv",
                "--targets",
                "targets.json",
                "--as-of",
                case["as_of"].as_str().unwrap(),
                "--level",
                settings["level"].as_str().unwrap(),
                "--format",
                "json",
            ],
            &dir,
        );
        assert_eq!(digest(&json(&out)), case["expected"], "{}", path.display());
    }
}

/// The worst gaps and who answers for them leave out verdicts on example targets (no
/// document's figure: an example is no finding against anyone); the verdicts themselves
/// say which targets are examples.
#[test]
fn who_answers_is_for_targets_of_documents_only() {
    let dir = tmp("accountability-examples");
    let out = fupin(&["assess", "-q", "--format", "json"], &dir);
    let report = json(&out);
    let verdicts = report["verdicts"].as_array().unwrap();
    let example = |unit: &Value, indicator: &Value| {
        verdicts
            .iter()
            .find(|v| &v["unit"] == unit && &v["indicator"] == indicator)
            .map(|v| v["target"]["example"] == true)
            .unwrap()
    };
    assert!(verdicts.iter().any(|v| v["target"]["example"] == true));
    let answers = report["accountability"].as_array().unwrap();
    assert!(!answers.is_empty());
    for a in answers {
        assert!(!example(&a["unit"], &a["indicator"]), "{a}");
    }
}
