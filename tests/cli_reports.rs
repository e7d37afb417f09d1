//! `tenderdesk report …` as a user runs it: each report written whole (temporary file, then
//! renamed), the same bytes under the same SOURCE_DATE_EPOCH, a bad one refused in one line with
//! nothing written, letters all or none, and the committee notes kept with the arrangement.

mod support;

use std::path::Path;

use support::{demo_store, fails_with, ok_with};

const EPOCH: (&str, &str) = ("SOURCE_DATE_EPOCH", "1795000000");

fn ok(dir: &Path, args: &[&str]) -> String {
    ok_with(dir, args, &[EPOCH])
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn each_report_is_written_whole_and_said_in_one_line() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name).display().to_string();
    let said = ok(
        store.path(),
        &[
            "report",
            "committee",
            "--arrangement",
            "ARR-HC-FW-2025",
            "--meeting-date",
            "2026-11-23",
            "--committee",
            "Adults and Health Committee",
            "--out",
            &o("committee.pdf"),
        ],
    );
    assert!(said.starts_with("Wrote the committee report to ") && said.lines().count() == 1, "{said}");
    ok(
        store.path(),
        &["report", "matrix", "--round", "RND-CSF-L1-MC-2025-01", "--out", &o("matrix.pdf"), "--csv", &o("matrix.csv")],
    );
    ok(store.path(), &["report", "foi", "--as-of", "2026-11-23", "--out", &o("foi.pdf")]);
    ok(store.path(), &["report", "register", "--as-of", "2026-11-23", "--out", &o("register.pdf")]);
    assert_eq!(
        files_in(out.path()),
        ["committee.pdf", "foi.pdf", "matrix.csv", "matrix.pdf", "register.pdf"],
        "no temporary file left"
    );
    for f in ["committee.pdf", "foi.pdf", "matrix.pdf", "register.pdf"] {
        assert!(std::fs::read(out.path().join(f)).unwrap().starts_with(b"%PDF-1."), "{f}");
    }
    let csv = std::fs::read_to_string(out.path().join("matrix.csv")).unwrap();
    assert!(csv.starts_with("Lot,Submission,Bidder,"));
}

#[test]
fn the_same_data_and_source_date_epoch_give_the_same_bytes() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for name in ["a.pdf", "b.pdf"] {
        let p = out.path().join(name);
        ok(store.path(), &["report", "foi", "--as-of", "2026-11-23", "--out", p.to_str().unwrap()]);
        bytes.push(std::fs::read(p).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
}

#[test]
fn a_bad_source_date_epoch_is_refused_in_one_line_and_nothing_is_written() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let p = out.path().join("foi.pdf");
    let err = fails_with(
        store.path(),
        &["report", "foi", "--as-of", "2026-11-23", "--out", p.to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "last tuesday")],
    );
    assert!(err.contains("SOURCE_DATE_EPOCH") && err.contains("seconds since 1970"), "{err}");
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn the_register_pdf_shows_the_values_of_the_contracts_csv() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("register.csv");
    let pdf = out.path().join("register.pdf");
    ok(store.path(), &["export", "--format", "contracts-csv", "--out", csv.to_str().unwrap()]);
    ok(store.path(), &["report", "register", "--as-of", "2026-11-23", "--out", pdf.to_str().unwrap()]);
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    let csv = std::fs::read_to_string(csv).unwrap();
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        // The reference comes first and has no comma; the sum to be paid is the first plain amount after it.
        let reference = line.split(',').next().unwrap();
        assert!(reference.starts_with("CON-"), "{line}");
        rows += 1;
    }
    assert!(text.contains(&format!("{rows} contracts")), "every contract of the demo has started by the date");
}

#[test]
fn letters_are_one_file_per_bidder_all_or_none() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("letters");
    let said = ok(
        store.path(),
        &["report", "letters", "--round", "RND-CSF-L1-MC-2025-01", "--out-dir", dir.to_str().unwrap()],
    );
    assert!(said.starts_with("Wrote 5 letters to "), "{said}");
    let names = files_in(&dir);
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|n| n.starts_with("RND-CSF-L1-MC-2025-01-PRV-") && n.ends_with(".pdf")), "{names:?}");

    // A round with no decision: refused, and no folder made.
    let none = out.path().join("none");
    let err = fails_with(
        store.path(),
        &["report", "letters", "--round", "RND-CSF-L1-MC-2026-02", "--out-dir", none.to_str().unwrap()],
        &[EPOCH],
    );
    assert!(err.contains("no award decision"), "{err}");
    assert!(!none.exists());

    // A folder that cannot be made (a file is in the way): refused in one line.
    let blocked = out.path().join("blocked");
    std::fs::write(&blocked, b"a file").unwrap();
    let err = fails_with(
        store.path(),
        &["report", "letters", "--round", "RND-CSF-L1-MC-2025-01", "--out-dir", blocked.to_str().unwrap()],
        &[EPOCH],
    );
    assert!(err.contains("cannot write") && err.contains("nothing was written"), "{err}");
}

#[test]
fn an_unknown_arrangement_or_round_is_refused_and_no_file_is_made() {
    let store = demo_store();
    let out = tempfile::tempdir().unwrap();
    let p = out.path().join("x.pdf");
    let err = fails_with(
        store.path(),
        &[
            "report",
            "committee",
            "--arrangement",
            "ARR-NOPE",
            "--meeting-date",
            "2026-11-23",
            "--committee",
            "C",
            "--out",
            p.to_str().unwrap(),
        ],
        &[EPOCH],
    );
    assert!(err.contains("ARR-NOPE"), "{err}");
    let err = fails_with(
        store.path(),
        &["report", "matrix", "--round", "RND-CSF-L1-MC-2026-02", "--out", p.to_str().unwrap()],
        &[EPOCH],
    );
    assert!(err.contains("sealed"), "{err}");
    let err =
        fails_with(store.path(), &["report", "foi", "--as-of", "23/11/2026", "--out", p.to_str().unwrap()], &[EPOCH]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn committee_notes_are_set_from_the_command_line_and_audited() {
    let store = demo_store();
    let said = ok(
        store.path(),
        &["report", "notes", "--arrangement", "ARR-CSF-2019", "--risks", "Two providers hold most of Lot 1's hours."],
    );
    assert!(said.contains("Committee notes of ARR-CSF-2019"), "{said}");
    let shown = ok(store.path(), &["show", "arrangements", "ARR-CSF-2019", "--json"]);
    assert!(shown.contains("Two providers hold most of Lot 1's hours."), "{shown}");
    assert!(ok(store.path(), &["show", "arrangements", "ARR-CSF-2019"]).contains("cli tester"));
}
