//! [`Number`]: a JSON number kept exactly, whether it is an integer or not.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// A documented `number`: an integer (the full `i64` and `u64` ranges, exactly) or a
/// floating-point value.
///
/// The documentation types integers and fractions alike as `number`, so the SDK does not guess:
/// a value keeps the form it was given or received in. Integers are written as digits
/// (`1656036131000000000`, never `1.656036131e18`) and read back exactly (`9007199254740993`
/// stays itself); a fraction in a response is kept as `f64` and never fails the call. A whole
/// `f64` below 2^53 is stored as the integer it is (`2.0` is sent as `2`, as the official SDKs
/// send it).
///
/// Build one from any Rust number (`Number::from(1)`, `1.into()`, `0.5.into()`); read it with
/// [`as_i64`](Self::as_i64), [`as_u64`](Self::as_u64) (exact, `None` when it does not fit) or
/// [`as_f64`](Self::as_f64) (nearest). [`Default`] is `0`.
#[derive(Clone, Copy, PartialEq)]
pub struct Number(Repr);

#[derive(Clone, Copy, PartialEq, Debug)]
enum Repr {
    /// Zero and positive integers.
    Pos(u64),
    /// Negative integers only.
    Neg(i64),
    /// Anything that is not a whole number below 2^53 (NaN and infinities included).
    Float(f64),
}

/// 2^53: whole `f64` values below it are integers exactly.
const EXACT_F64: f64 = 9_007_199_254_740_992.0;

impl Number {
    /// The value as an `i64`, when it is an integer in its range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Pos(n) => i64::try_from(n).ok(),
            Repr::Neg(n) => Some(n),
            Repr::Float(_) => None,
        }
    }

    /// The value as a `u64`, when it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Repr::Pos(n) => Some(n),
            _ => None,
        }
    }

    /// The nearest `f64` (exact for fractions received and for integers up to 2^53).
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::Pos(n) => n as f64,
            Repr::Neg(n) => n as f64,
            Repr::Float(f) => f,
        }
    }

    /// Whether the value is an integer (held exactly).
    pub fn is_integer(&self) -> bool {
        !matches!(self.0, Repr::Float(_))
    }
}

impl Default for Number {
    fn default() -> Self {
        Number(Repr::Pos(0))
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number(Repr::Pos(n))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        match u64::try_from(n) {
            Ok(p) => Number(Repr::Pos(p)),
            Err(_) => Number(Repr::Neg(n)),
        }
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Self {
        if f.fract() == 0.0 && f.abs() < EXACT_F64 { Number::from(f as i64) } else { Number(Repr::Float(f)) }
    }
}

macro_rules! from_lossless {
    ($via:ty: $($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Self {
                Number::from(<$via>::from(n))
            }
        }
    )*};
}
from_lossless!(u64: u8, u16, u32);
from_lossless!(i64: i8, i16, i32);
from_lossless!(f64: f32);

impl From<usize> for Number {
    fn from(n: usize) -> Self {
        Number::from(n as u64)
    }
}

impl From<isize> for Number {
    fn from(n: isize) -> Self {
        Number::from(n as i64)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Pos(n) => fmt::Display::fmt(&n, f),
            Repr::Neg(n) => fmt::Display::fmt(&n, f),
            Repr::Float(x) => fmt::Display::fmt(&x, f),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::Pos(n) => serializer.serialize_u64(n),
            Repr::Neg(n) => serializer.serialize_i64(n),
            Repr::Float(f) => serializer.serialize_f64(f),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
                Ok(Number::from(n))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
                Ok(Number::from(n))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<Number, E> {
                Ok(Number(Repr::Float(f)))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(n: Number) -> String {
        serde_json::to_string(&n).unwrap()
    }

    fn parse(s: &str) -> Number {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn integers_are_written_as_digits_in_the_full_64_bit_range() {
        assert_eq!(json(1656036131000000000_i64.into()), "1656036131000000000");
        assert_eq!(json(u64::MAX.into()), "18446744073709551615");
        assert_eq!(json(i64::MIN.into()), "-9223372036854775808");
        assert_eq!(json(1.into()), "1");
        assert_eq!(json(2.0.into()), "2");
        assert_eq!(json(0.5.into()), "0.5");
    }

    #[test]
    fn integers_are_read_exactly_and_fractions_never_fail() {
        assert_eq!(parse("9007199254740993").as_u64(), Some(9007199254740993));
        assert_eq!(parse("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(parse("-9223372036854775808").as_i64(), Some(i64::MIN));
        let half = parse("1.5");
        assert_eq!((half.as_f64(), half.as_i64(), half.is_integer()), (1.5, None, false));
        assert_eq!(json(parse("1e300")), "1e+300");
        assert!(serde_json::from_str::<Number>("\"1\"").is_err());
    }

    #[test]
    fn values_round_trip_through_serde_json_values() {
        for text in ["0", "9007199254740993", "-42", "18446744073709551615", "0.25"] {
            let value: serde_json::Value = serde_json::to_value(parse(text)).unwrap();
            assert_eq!(value.to_string(), text);
            assert_eq!(serde_json::from_value::<Number>(value).unwrap(), parse(text));
        }
    }
}
