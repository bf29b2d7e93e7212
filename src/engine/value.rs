//! Value functions: how much a fact's value (a node limit, a count of components, years of
//! support, the number of backup products) is worth to a profile, in [0, 1]. Pure.

use crate::criteria::ValueFunction;
use crate::knowledge::FactValue;

/// The quantity a value function reads from a fact: an integer as is, a list's length, a
/// lifecycle's years of support from release to end of support. `None` when the fact gives none.
pub fn quantity(v: Option<&FactValue>) -> Option<f64> {
    match v? {
        FactValue::Integer(i) => Some(*i as f64),
        FactValue::List(items) => Some(items.len() as f64),
        FactValue::Lifecycle(l) => {
            let (from, to) = (l.released?, l.end_of_support?);
            Some(f64::from(from.months_until(to)) / 12.0)
        }
        _ => None,
    }
}

/// The score in [0, 1] of a quantity under a value function.
pub fn score(f: &ValueFunction, x: f64) -> f64 {
    let unit = |t: f64| t.clamp(0.0, 1.0);
    match *f {
        // 0 at `worst`, 1 at `best`, straight in between (either may be the larger).
        ValueFunction::Linear { worst, best } => {
            if best == worst {
                f64::from(u8::from(x >= best))
            } else {
                unit((x - worst) / (best - worst))
            }
        }
        // The same on a logarithmic scale (for limits spanning orders of magnitude).
        ValueFunction::Log { worst, best } => {
            let l = |v: f64| v.max(1.0).ln();
            if l(best) == l(worst) {
                f64::from(u8::from(x >= best))
            } else {
                unit((l(x) - l(worst)) / (l(best) - l(worst)))
            }
        }
        // 1 from `at` on (or up to `at` when lower is better), else 0.
        ValueFunction::Threshold {
            at,
            lower_is_better,
        } => f64::from(u8::from(if lower_is_better { x <= at } else { x >= at })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Lifecycle;

    #[test]
    fn functions() {
        let lin = ValueFunction::Linear {
            worst: 5.0,
            best: 1.0,
        };
        assert_eq!(score(&lin, 1.0), 1.0);
        assert_eq!(score(&lin, 3.0), 0.5);
        assert_eq!(score(&lin, 9.0), 0.0);
        let log = ValueFunction::Log {
            worst: 1.0,
            best: 1000.0,
        };
        assert!((score(&log, 31.6227766) - 0.5).abs() < 1e-6);
        let t = ValueFunction::Threshold {
            at: 3.0,
            lower_is_better: true,
        };
        assert_eq!((score(&t, 2.0), score(&t, 4.0)), (1.0, 0.0));
    }

    #[test]
    fn quantities() {
        let d = |s| crate::date::Date::parse(s);
        let l = FactValue::Lifecycle(Lifecycle {
            version: "9".into(),
            released: d("2025-08-05"),
            end_of_support: d("2030-08-05"),
        });
        assert!((quantity(Some(&l)).unwrap() - 5.0).abs() < 0.01);
        let open = FactValue::Lifecycle(Lifecycle {
            version: "9".into(),
            released: d("2025-08-05"),
            end_of_support: None,
        });
        assert_eq!(quantity(Some(&open)), None);
        assert_eq!(
            quantity(Some(&FactValue::List(vec!["a".into(), "b".into()]))),
            Some(2.0)
        );
        assert_eq!(quantity(None), None);
    }
}
