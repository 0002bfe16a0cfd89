//! Tests of [`DuplicateCheck`](super::DuplicateCheck) (kept apart: `duplicates.rs` stays
//! readable).

use super::*;
use crate::household::fingerprint::{SEED, fingerprint, members_fingerprint_raw, run_duplicates};

const V1: &str = "522327104201";
/// Fingerprints of three texts as fupin 0.1.0 computes them.
const PINNED: [u64; 3] = [
    0x68df_cf16_5178_b84c,
    0x4697_b907_b181_8e48,
    0x57db_c13b_cff0_97d2,
];
const V2: &str = "522327104202";

#[test]
fn the_members_key_without_allocation_is_the_members_key() {
    let id = |i: usize| -> [u8; 18] {
        std::array::from_fn(|k| match k {
            16 => b'0' + (i / 10 % 10) as u8,
            17 => b'0' + (i % 10) as u8,
            _ => b"5223271970031202"[k],
        })
    };
    for n in [0, 1, 2, 4, 31, 32, 33, 40] {
        // every id twice, in no order
        let mut ids: Vec<[u8; 18]> = (0..n).map(|i| id(i * 7 % 50)).collect();
        ids.extend((0..n).rev().map(|i| id(i * 7 % 50)));
        let texts: Vec<String> = ids
            .iter()
            .map(|i| String::from_utf8(i.to_vec()).unwrap())
            .collect();
        let expected = members_fingerprint(texts.iter().map(String::as_str));
        assert_eq!(members_fingerprint_raw(&mut ids), expected, "{n} members");
    }
}

#[test]
fn a_household_twice_in_one_file_is_found_with_its_first_row() {
    let mut c = DuplicateCheck::new();
    c.begin_file("a.csv", true);
    assert_eq!(c.add(V1, "S1", 1), Seen::New);
    assert_eq!(c.add(V1, "S2", 2), Seen::New);
    assert_eq!(
        c.add(V1, " S1 ", 3),
        Seen::Before(Location { file: 0, row: 1 })
    );
    // another village: another household
    assert_eq!(c.add(V2, "S1", 4), Seen::New);
    // no file number: not checked
    assert_eq!(c.add(V2, "", 5), Seen::New);
    assert_eq!(c.add(V2, " ", 6), Seen::New);
}

#[test]
fn the_same_file_twice_rejects_every_row_of_the_second() {
    let mut c = DuplicateCheck::new();
    for (f, last) in [(0u32, false), (1, true)] {
        c.begin_file(&format!("f{f}.csv"), last);
        for (i, (v, n)) in [(V1, "A"), (V1, "B"), (V2, "C"), (V2, "D")]
            .into_iter()
            .enumerate()
        {
            let seen = c.add(v, n, i + 1);
            if f == 0 {
                assert_eq!(seen, Seen::New);
            } else {
                assert_eq!(
                    seen,
                    Seen::Before(Location {
                        file: 0,
                        row: i as u32 + 1
                    })
                );
            }
        }
    }
}

#[test]
fn a_village_that_comes_back_is_checked_against_its_earlier_runs() {
    let mut c = DuplicateCheck::new();
    c.begin_file("a.csv", false);
    c.add(V1, "A", 1);
    c.add(V2, "B", 2);
    assert_eq!(c.add(V1, "C", 3), Seen::New);
    assert_eq!(
        c.add(V1, "A", 4),
        Seen::Before(Location { file: 0, row: 1 })
    );
    assert_eq!(
        c.add(V1, "C", 5),
        Seen::Before(Location { file: 0, row: 3 })
    );
    // a gap in the rows (a row rejected while reading) starts a new run
    assert_eq!(
        c.add(V2, "B", 9),
        Seen::Before(Location { file: 0, row: 2 })
    );
}

#[test]
fn an_unsorted_last_file_is_checked_again_keeping_its_runs() {
    let rows = [(V1, "A"), (V2, "B"), (V1, "A")];
    let mut c = DuplicateCheck::new();
    c.begin_file("first.csv", false);
    c.add(V2, "Z", 1);
    c.begin_file("a.csv", true);
    let mut found = Vec::new();
    for (i, (v, n)) in rows.iter().enumerate() {
        let seen = c.add(v, n, i + 1);
        if seen == Seen::Unsorted {
            c.restart_file();
            found.clear();
            for (j, (v, n)) in rows.iter().enumerate() {
                found.push(c.add(v, n, j + 1));
            }
            break;
        }
        found.push(seen);
    }
    assert_eq!(
        found,
        [
            Seen::New,
            Seen::New,
            Seen::Before(Location { file: 1, row: 1 })
        ]
    );
    // the earlier input is still known
    assert_eq!(
        c.add(V2, "Z", 9),
        Seen::Before(Location { file: 0, row: 1 })
    );
}

#[test]
fn runs_known_distinct_are_recorded_without_fingerprints_only_when_they_may_be() {
    let v = |s: &str| fingerprint(s);
    let mut check = DuplicateCheck::new();
    check.begin_file("only.csv", true);
    assert!(check.takes_distinct_runs());
    let mut out = Vec::new();
    check
        .add_run(
            v("A"),
            &[fingerprint("S1"), fingerprint("S2")],
            1,
            &[],
            &mut out,
        )
        .unwrap();
    assert_eq!(check.add_distinct_run(v("B"), 3, 3), Ok(()));
    assert_eq!(check.add_distinct_run(v("C"), 2, 6), Ok(()));
    // B comes back: its run was not kept, the file is to be checked again
    assert_eq!(check.add_distinct_run(v("B"), 1, 8), Err(Seen::Unsorted));
    assert_eq!(
        check.add_keyed(v("B"), fingerprint("S1"), 8),
        Seen::Unsorted
    );
    // checked again (not the last input any more): no run is taken whole unseen
    check.restart_file();
    assert!(!check.takes_distinct_runs());
    assert_eq!(check.add_distinct_run(v("B"), 3, 3), Err(Seen::Unsorted));
    // an input after one that left villages: they may come back in it
    let mut check = DuplicateCheck::new();
    check.begin_file("a.csv", false);
    assert!(!check.takes_distinct_runs());
    assert_eq!(check.add("A", "S1", 1), Seen::New);
    check.begin_file("b.csv", true);
    assert!(!check.takes_distinct_runs());
    assert_eq!(check.add_distinct_run(v("B"), 2, 1), Err(Seen::Unsorted));
}

#[test]
fn a_sorted_last_file_keeps_nothing_of_its_runs() {
    let mut c = DuplicateCheck::new();
    c.begin_file("national.parquet", true);
    for v in 0..1000 {
        let village = format!("5223271{v:05}");
        for h in 0..50 {
            assert_eq!(
                c.add(&village, &format!("S{v}-{h}"), v * 50 + h + 1),
                Seen::New
            );
        }
    }
    assert!(c.arena.len() <= 50, "{}", c.arena.len());
}

/// Runs added whole give what adding their rows one by one gives, a run cut by a
/// batch boundary and a village coming back included.
#[test]
fn runs_added_whole_agree_with_rows_added_one_by_one() {
    let v = |s: &str| fingerprint(s);
    // (village, file number) of rows 1..; batches cut after rows 3 and 6
    let rows = [
        (V1, "A"),
        (V1, "B"),
        (V1, "A"),
        (V1, "C"),
        (V2, "D"),
        (V2, "D"),
        (V2, "E"),
        (V1, "B"),
        (V2, "F"),
    ];
    let mut one = DuplicateCheck::new();
    one.begin_file("a", false);
    let mut want = Vec::new();
    for (i, (village, n)) in rows.iter().enumerate() {
        if let Seen::Before(first) = one.add(village, n, i + 1) {
            want.push((i + 1, first));
        }
    }
    let mut whole = DuplicateCheck::new();
    whole.begin_file("a", false);
    let mut got = Vec::new();
    for batch in [0..3, 3..6, 6..9] {
        let mut i = batch.start;
        while i < batch.end {
            let mut j = i;
            while j < batch.end && rows[j].0 == rows[i].0 {
                j += 1;
            }
            let fps: Vec<u64> = rows[i..j].iter().map(|(_, n)| v(n)).collect();
            let local = run_duplicates(&fps);
            whole
                .add_run(v(rows[i].0), &fps, i + 1, &local, &mut got)
                .unwrap();
            i = j;
        }
    }
    assert_eq!(got, want);
    assert_eq!(want.len(), 3, "{want:?}");
}

/// A row without a file number (fingerprint 0) is not checked and does not cut its
/// village's run: in the last input, the village is not taken for one coming back.
#[test]
fn rows_without_a_file_number_keep_the_run_going() {
    let mut c = DuplicateCheck::new();
    c.begin_file("a.parquet", true);
    let v = fingerprint(V1);
    assert_eq!(c.add_keyed(v, fingerprint("S1"), 1), Seen::New);
    assert_eq!(c.add_keyed(v, 0, 2), Seen::New);
    assert_eq!(c.add_keyed(v, 0, 3), Seen::New);
    assert_eq!(
        c.add_keyed(v, fingerprint("S1"), 4),
        Seen::Before(Location { file: 0, row: 1 })
    );
    let mut out = Vec::new();
    let fps = [0, fingerprint("S2"), 0, fingerprint("S2")];
    c.add_run(v, &fps, 5, &run_duplicates(&fps), &mut out)
        .unwrap();
    assert_eq!(out, [(8, Location { file: 0, row: 6 })]);
    assert_eq!(run_duplicates(&[0, 5, 0, 5]), [(3, 1)]);
    let mut long = vec![0u64; 40];
    long[20] = 7;
    long[39] = 7;
    assert_eq!(run_duplicates(&long), [(39, 20)]);
    assert!(run_duplicates(&[0; 40]).is_empty());
}

/// The duplicates of a run, whatever its length (a table kept between runs, a sorted
/// copy for long ones), are those a plain search finds.
#[test]
fn run_duplicates_are_found_at_every_length() {
    let plain = |fps: &[u64]| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, fp) in fps.iter().enumerate() {
            if *fp != 0
                && let Some(j) = fps[..i].iter().position(|f| f == fp)
            {
                out.push((i, j));
            }
        }
        out
    };
    for n in [17, 64, 65, 300, 4096, 4097, 9000] {
        // distinct fingerprints, then the same with rows repeated and rows without one
        let mut fps: Vec<u64> = (0..n as u64)
            .map(|i| fingerprint(&format!("S{i}")))
            .collect();
        assert!(run_duplicates(&fps).is_empty(), "{n}");
        fps[n / 2] = fps[3];
        fps[n - 1] = fps[n / 3];
        fps[1] = 0;
        fps[2] = 0;
        let found = run_duplicates(&fps);
        assert_eq!(found, plain(&fps), "{n}");
        assert_eq!(found.len(), 2, "{n}");
        // the table kept from the run before does not answer for this one
        let other: Vec<u64> = (0..n as u64)
            .map(|i| fingerprint(&format!("T{i}")))
            .collect();
        assert!(run_duplicates(&other).is_empty(), "{n}");
        assert!(run_duplicates(&fps[..n / 2]).is_empty(), "{n}");
    }
}

#[test]
fn records_are_the_same_household_by_number_or_by_members() {
    let mut c = DuplicateCheck::new();
    c.begin_file("a.jsonl", false);
    assert_eq!(c.add_record(V1, "S1", ["1", "2"], 1), Seen::New);
    assert_eq!(
        c.add_record(V1, "S9", ["2", "1"], 2),
        Seen::Before(Location { file: 0, row: 1 })
    );
    assert_eq!(c.add_record(V1, "S3", ["3"], 3), Seen::New);
    assert_eq!(
        c.add_record(V1, "S3", ["4"], 4),
        Seen::Before(Location { file: 0, row: 3 })
    );
    let issue = c.members_issue(2, Location { file: 0, row: 1 });
    assert_eq!(issue.path.to_string(), "[2].members");
}

#[test]
fn messages_mask_file_numbers_shaped_like_id_numbers() {
    let mut c = DuplicateCheck::new();
    c.begin_file("a.csv", true);
    c.add(V1, "522327197003120211", 1);
    let i = c.issue(
        2,
        "户编号",
        "522327197003120211",
        Location { file: 0, row: 1 },
    );
    assert!(!i.message.contains("522327197003120211"), "{}", i.message);
    assert_eq!(i.path.to_string(), "[2].户编号");
    assert!(i.message.ends_with("a.csv row 1"), "{}", i.message);
}

#[test]
fn fingerprints_are_stable() {
    // pinned: fingerprints must not change between versions
    assert_eq!(fingerprint(""), fingerprint_bytes(b""));
    assert_ne!(fingerprint("a"), fingerprint("b"));
    assert_ne!(fingerprint("12345678"), fingerprint("123456780"));
    assert_eq!(
        fingerprint_bytes(b"S5223271042010000001"),
        fingerprint("S5223271042010000001")
    );
}

/// The fingerprint as first written (the last bytes copied one by one): the one load of
/// the last eight bytes gives the same values, for every length.
#[test]
fn fingerprints_are_those_of_the_byte_by_byte_hash() {
    fn by_bytes(bytes: &[u8]) -> u64 {
        let mut h = SEED ^ (bytes.len() as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
        for c in bytes.chunks(8) {
            let mut w = [0u8; 8];
            for (slot, b) in w.iter_mut().zip(c) {
                *slot = *b;
            }
            h = (h ^ u64::from_le_bytes(w))
                .wrapping_mul(0x5851_f42d_4c95_7f2d)
                .rotate_left(29);
        }
        mix(h)
    }
    let text: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37) ^ 0xa5).collect();
    for len in 0..=text.len() {
        for start in [0, 1, 3] {
            let b = &text[start.min(len)..len];
            assert_eq!(fingerprint_bytes(b), by_bytes(b), "{len} {start}");
        }
    }
    // pinned values
    assert_eq!(fingerprint_bytes(b"S5223271042010000001"), PINNED[0]);
    assert_eq!(fingerprint_bytes(b"522327104201"), PINNED[1]);
    assert_eq!(fingerprint_bytes(b"S1"), PINNED[2]);
}
