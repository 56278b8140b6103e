use super::*;
use jiff::civil::date;

#[test]
fn a_range_that_is_one_iso_week_is_named_so() {
    let r = Range::dates(date(2026, 12, 28), date(2027, 1, 3)).unwrap();
    assert_eq!(r.label(), "2026-W53");
    let r = Range::dates(date(2026, 12, 28), date(2027, 1, 2)).unwrap();
    assert_eq!(r.week, None);
    assert_eq!(r.label(), "2026-12-28..2027-01-02");
    assert!(Range::dates(date(2026, 12, 28), date(2026, 12, 27)).is_err());
}

#[test]
fn median_of_even_and_odd_lists() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(median(&mut []), 0.0);
}

#[test]
fn numbers_are_tidy_in_json() {
    assert_eq!(tidy(412.0), serde_json::json!(412));
    assert_eq!(tidy(0.1 + 0.2), serde_json::json!(0.3));
    assert_eq!(tidy(-7.5), serde_json::json!(-7.5));
}
