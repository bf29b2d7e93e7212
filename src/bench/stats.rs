//! The statistics the lab section states: mean, sample standard deviation, and Welch's t-test
//! (unequal variances), two-sided, with the Student t distribution from statrs.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The significance level: a difference is called significant when p < 0.05.
pub const ALPHA: f64 = 0.05;

pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample variance (n − 1); `None` below two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs);
    Some(xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64)
}

pub fn sd(xs: &[f64]) -> Option<f64> {
    variance(xs).map(f64::sqrt)
}

/// Two-sided p-value of Welch's t-test that `xs` and `ys` have the same mean; `None` when
/// either has fewer than two values. Two constant samples: 1 when their means are equal, else 0.
pub fn welch_p(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let (vx, vy) = (variance(xs)?, variance(ys)?);
    let (nx, ny) = (xs.len() as f64, ys.len() as f64);
    let (sx, sy) = (vx / nx, vy / ny);
    let diff = mean(xs) - mean(ys);
    let se2 = sx + sy;
    if se2 == 0.0 {
        return Some(if diff == 0.0 { 1.0 } else { 0.0 });
    }
    let t = diff / se2.sqrt();
    // Welch–Satterthwaite degrees of freedom.
    let df = se2 * se2 / (sx * sx / (nx - 1.0) + sy * sy / (ny - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    Some((2.0 * dist.cdf(-t.abs())).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sd() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), 5.0);
        // Sample sd of this classic set is sqrt(32/7).
        assert!((sd(&xs).unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(sd(&[1.0]), None);
    }

    #[test]
    fn welch_matches_a_reference() {
        // SciPy 1.x: stats.ttest_ind(a, b, equal_var=False)
        //    statistic = -4.8291, df = 7.9787, pvalue = 0.0013160
        let a = [19.1, 20.3, 20.8, 19.7, 20.0];
        let b = [21.2, 22.0, 21.5, 22.8, 21.9];
        let p = welch_p(&a, &b).unwrap();
        assert!((p - 0.001316).abs() < 2e-6, "{p}");
        // Overlapping samples: no significant difference (SciPy: p = 0.65196, df = 4).
        let c = [100.0, 103.0, 98.0];
        let d = [101.0, 99.0, 104.0];
        assert!((welch_p(&c, &d).unwrap() - 0.65196).abs() < 1e-4);
        assert_eq!(welch_p(&[1.0], &d), None);
        assert_eq!(welch_p(&[5.0, 5.0], &[5.0, 5.0]), Some(1.0));
    }
}
