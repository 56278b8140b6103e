//! How numbers are written: for people, in JSON, and in a note.

use serde::Serialize;

/// A number as a note writes it: `412`, not `412.0`.
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Round away float noise (0.1 + 0.2) and write whole numbers without `.0`.
pub fn tidy(v: f64) -> serde_json::Value {
    // Ten significant digits hide float noise (0.1 + 0.2) at any scale, where rounding to
    // fixed decimals would zero small values and overflow large ones.
    let r = if v.is_finite() && v != 0.0 {
        format!("{v:.9e}").parse::<f64>().unwrap_or(v)
    } else {
        v
    };
    if r.fract() == 0.0 && r.abs() < 1e15 {
        serde_json::Value::from(r as i64)
    } else {
        serde_json::Value::from(r)
    }
}

/// Serialize a number with [`tidy`].
pub fn num<S: serde::Serializer>(v: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    tidy(*v).serialize(s)
}

/// Serialize an optional number with [`tidy`].
pub fn opt_num<S: serde::Serializer>(
    v: &Option<f64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    v.map(tidy).serialize(s)
}

/// A number for people: at most `decimals` decimals, trailing zeros dropped (`1.5`, `53.3`, `2`).
pub fn human(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_drop_a_whole_numbers_fraction() {
        assert_eq!(plain(412.0), "412");
        assert_eq!(plain(-7.5), "-7.5");
        assert_eq!(plain(1e16), "10000000000000000");
    }

    #[test]
    fn numbers_are_tidy_in_json() {
        assert_eq!(tidy(412.0), serde_json::json!(412));
        assert_eq!(tidy(0.1 + 0.2), serde_json::json!(0.3));
        assert_eq!(tidy(1e303), serde_json::json!(1e303));
        assert_eq!(tidy(0.0000001), serde_json::json!(0.0000001));
        assert_eq!(tidy(-7.5), serde_json::json!(-7.5));
    }

    #[test]
    fn human_numbers() {
        assert_eq!(human(53.3333, 1), "53.3");
        assert_eq!(human(2.0, 1), "2");
        assert_eq!(human(1.25, 2), "1.25");
        assert_eq!(human(-0.01, 1), "0");
    }
}
