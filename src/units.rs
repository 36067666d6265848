//! How quantities are written for people: USD, MW, counts, shares. Every
//! module that prints a number takes its formatter from here, so the same
//! quantity reads the same in the terminal, the report, the graph and the
//! diagnosis. Each function is named for the style it writes and says where
//! that style is used. Machine-readable files (plan.json, CSV) do not use
//! these: they carry full numbers.

/// USD rounded to the cent, never `-0`: how plan.json and the other
/// documents store money.
pub fn cents(usd: f64) -> f64 {
    let r = (usd * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `1234567.8` → `1,234,568` (no `-0`).
pub fn count(x: f64) -> String {
    let neg = x < 0.0;
    let s = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg && out != "0" {
        format!("-{out}")
    } else {
        out
    }
}

/// USD in billions or millions, whichever reads better: `$12.41B`,
/// `-$630.9M`. Headlines, tables and tooltips.
pub fn money(usd: f64) -> String {
    let sign = if usd < 0.0 { "-" } else { "" };
    let abs = usd.abs();
    let out = if abs >= 1e9 {
        format!("${:.2}B", abs / 1e9)
    } else {
        format!("${:.1}M", abs / 1e6)
    };
    if out == "$0.0M" {
        out
    } else {
        format!("{sign}{out}")
    }
}

/// USD to the dollar below a billion: `$7,008,000`, `$1.25B`, `$0.0350`
/// under ten dollars. Shadow prices and diagnoses, where the exact figure matters.
pub fn money_exact(x: f64) -> String {
    if x.abs() >= 1e9 {
        format!("${:.2}B", x / 1e9)
    } else if x.abs() >= 10.0 || x == 0.0 {
        let s = count(x);
        match s.strip_prefix('-') {
            Some(rest) => format!("-${rest}"),
            None => format!("${s}"),
        }
    } else {
        format!("${x:.4}")
    }
}

/// USD in two or three characters: `$1.3B`, `$450M`, `$12k`. Plan-graph labels.
pub fn money_short(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("${:.1}B", x / 1e9)
    } else if a >= 1e6 {
        format!("${:.0}M", x / 1e6)
    } else if a >= 1e3 {
        format!("${:.0}k", x / 1e3)
    } else {
        format!("${x:.0}")
    }
}

/// Axis tick labels for USD on a scale whose largest magnitude is `max_abs`:
/// `$1.5B`, `$500M`, `-$250M`, with as few decimals as the ticks need.
pub fn money_tick(max_abs: f64) -> impl Fn(f64) -> String {
    let (div, unit) = if max_abs >= 1e9 {
        (1e9, "B")
    } else if max_abs >= 1e6 {
        (1e6, "M")
    } else if max_abs >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    move |x: f64| {
        let v = x / div;
        if v.abs() < 1e-12 {
            return "$0".to_string();
        }
        let body = if (v - v.round()).abs() < 1e-9 {
            format!("{:.0}", v.abs())
        } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
            format!("{:.1}", v.abs())
        } else {
            format!("{:.2}", v.abs())
        };
        let sign = if v < -1e-12 { "-" } else { "" };
        format!("{sign}${body}{unit}")
    }
}

/// Axis tick labels on a scale whose largest magnitude is `max_abs` and
/// whose ticks are `step` apart: `3M`, `2.75M`, `250k`, `0.75`, in
/// thousands, millions or billions from a thousand up, with the decimals
/// the step needs (so no two ticks read alike) and no trailing zeros;
/// `prefix` is `$` for USD (`-$2.5B`), empty for any other quantity.
/// Chart axes whose ticks can be any size (the sweep's swept parameter).
pub fn scaled_tick(max_abs: f64, step: f64, prefix: &'static str) -> impl Fn(f64) -> String {
    let (div, unit) = if max_abs >= 1e9 {
        (1e9, "B")
    } else if max_abs >= 1e6 {
        (1e6, "M")
    } else if max_abs >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let scaled_step = (step / div).abs();
    let decimals = (0..=9)
        .find(|&d| {
            let x = scaled_step * 10f64.powi(d);
            x.round() >= 1.0 && (x - x.round()).abs() <= 1e-6 * x
        })
        .unwrap_or(9) as usize;
    move |x: f64| {
        let v = x / div;
        let body = format!("{:.decimals$}", v.abs());
        let body = if body.contains('.') {
            body.trim_end_matches('0').trim_end_matches('.')
        } else {
            &body
        };
        if body.chars().all(|c| c == '0') {
            return format!("{prefix}0");
        }
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}{prefix}{body}{unit}")
    }
}

/// MW as a bare number, with a decimal only where it matters (`0.5`, `412`).
/// Table cells under a "MW" heading.
pub fn mw(x: f64) -> String {
    if x.abs() < 10.0 && x.fract().abs() > 1e-9 {
        format!("{x:.1}")
    } else {
        count(x)
    }
}

/// MW with its unit, two decimals below 100: `0.13 MW`, `412 MW`. Prose.
pub fn mw_unit(x: f64) -> String {
    // An empty float sum is -0.0.
    let x = if x == 0.0 { 0.0 } else { x };
    if x.abs() < 100.0 {
        format!("{x:.2} MW")
    } else {
        format!("{} MW", count(x))
    }
}

/// A quantity of any unit: `1,234`, or `12.5` below 100 when it has a
/// fraction. Plan-graph labels.
pub fn quantity(x: f64) -> String {
    if x.abs() < 100.0 && x.fract().abs() > 0.05 {
        return format!("{x:.1}");
    }
    count(x)
}

/// Units of hardware: whole numbers with separators; the fractions of an LP
/// relaxation with one decimal.
pub fn hardware(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        count(x)
    } else {
        format!("{x:.1}")
    }
}

/// A share as a percentage with one decimal: `0.4261` → `42.6%`.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// `x` with `decimals` decimals, without a `-0` (`-0.0001` at 2 is `0.00`).
/// CSV cells and comparison tables.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_separators_and_no_negative_zero() {
        assert_eq!(count(1234567.8), "1,234,568");
        assert_eq!(count(-0.2), "0");
        assert_eq!(count(-1500.0), "-1,500");
    }

    #[test]
    fn money_puts_the_sign_before_the_dollar() {
        assert_eq!(money(12.41e9), "$12.41B");
        assert_eq!(money(-630.9e6), "-$630.9M");
        assert_eq!(money(-1.0), "$0.0M");
        assert_eq!(money_exact(-7_008_000.0), "-$7,008,000");
        assert_eq!(money_exact(0.035), "$0.0350");
        assert_eq!(money_short(450e6), "$450M");
    }

    #[test]
    fn usd_ticks_read_in_billions_or_millions() {
        let f = money_tick(6e9);
        assert_eq!(f(2e9), "$2B");
        assert_eq!(f(-2.5e9), "-$2.5B");
        assert_eq!(f(0.0), "$0");
        let f = money_tick(4e8);
        assert_eq!(f(2.5e8), "$250M");
    }

    #[test]
    fn scaled_ticks_carry_the_decimals_their_step_needs() {
        let f = scaled_tick(3e6, 250e3, "");
        assert_eq!(f(3e6), "3M");
        assert_eq!(f(2.75e6), "2.75M");
        let f = scaled_tick(3e6, 1e3, "$");
        assert_eq!(f(2_999_000.0), "$2.999M");
        assert_eq!(f(-2e6), "-$2M");
        assert_eq!(f(0.0), "$0");
        let f = scaled_tick(1.5, 0.2, "");
        assert_eq!(f(0.6), "0.6");
        assert_eq!(f(1.0), "1");
        assert_eq!(scaled_tick(250.0, 50.0, "")(-250.0), "-250");
        assert_eq!(scaled_tick(4e9, 5e8, "$")(3.5e9), "$3.5B");
        // A step far below the scale still gets its decimals.
        assert_eq!(scaled_tick(3e6, 0.5, "")(2_999_999.5), "2.9999995M");
    }

    #[test]
    fn mw_reads_with_or_without_its_unit() {
        assert_eq!(mw(0.5), "0.5");
        assert_eq!(mw(412.0), "412");
        assert_eq!(mw_unit(0.126), "0.13 MW");
        assert_eq!(mw_unit(-0.0), "0.00 MW");
        assert_eq!(mw_unit(1412.0), "1,412 MW");
    }

    #[test]
    fn fixed_has_no_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-1.5, 1), "-1.5");
    }
}

/// Excel number formats of plan.xlsx: the same quantities as above, written
/// by the spreadsheet from full numbers so a reader can still compute with
/// them.
pub mod excel {
    /// Whole dollars, negatives in red with a minus: `$1,234,568`.
    pub const MONEY: &str = "$#,##0;[Red]-$#,##0";
    /// Dollars and cents, for prices per GPU-hour: `$2.35`.
    pub const PRICE: &str = "$#,##0.00";
    /// Shadow prices, whose units vary by row (USD per MW, per GPU, per USD).
    pub const RATE: &str = "#,##0.00;[Red]-#,##0.00";
    /// MW with one decimal: `412.5`.
    pub const MW: &str = "#,##0.0";
    /// Counts of GPUs or units of an integer plan: `1,234`.
    pub const COUNT: &str = "#,##0";
    /// Counts of an LP relaxation, whose fractions matter: `1,234.5`.
    pub const COUNT_FRACTIONAL: &str = "#,##0.0";
    /// A share or a rate as a percentage: `42.61%`.
    pub const PCT: &str = "0.00%";
    /// A ratio such as a debt-service coverage: `1.35`.
    pub const RATIO: &str = "0.00";
    /// A discount factor: `0.975900`.
    pub const FACTOR: &str = "0.000000";
}
