//! The wide-spread rule the moderation screen highlights and the result reports: individual marks
//! at least 40 % of the scale apart. One function holds it; the window shows what it says.

use tenderdesk_evaluation::is_wide_spread;

#[test]
fn a_spread_of_two_fifths_of_the_scale_or_more_is_wide() {
    // 0–5: 2 marks apart is 40 %, 1 is 20 %.
    assert!(is_wide_spread(2, 0, 5));
    assert!(is_wide_spread(5, 0, 5));
    assert!(!is_wide_spread(1, 0, 5));
    // 1–10 spans 9: 4 apart is 44 %, 3 is 33 %.
    assert!(is_wide_spread(4, 1, 10));
    assert!(!is_wide_spread(3, 1, 10));
    // 0–100: exactly 40 is wide, 39 is not.
    assert!(is_wide_spread(40, 0, 100));
    assert!(!is_wide_spread(39, 0, 100));
}

#[test]
fn marks_that_agree_are_never_wide_even_on_a_scale_of_one_mark() {
    assert!(!is_wide_spread(0, 0, 5));
    // A scale whose lowest and highest marks are the same: every mark agrees, nothing to discuss
    // (the window once called this wide, as 0 ≥ 40 % of 0).
    assert!(!is_wide_spread(0, 3, 3));
    assert!(!is_wide_spread(0, 0, 0));
}
