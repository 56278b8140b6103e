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
