//! Serde helpers for the values real clients and Coupang's own examples send in more than one
//! form: numbers as JSON strings (`"contractId":"15"`), booleans as `"false"`, `99` as `99.0`.

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// An integer that may arrive as a JSON number (integral, `99.0` included) or a numeric string.
pub fn i64_from_any<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(I64Visitor)
}

/// [`i64_from_any`] for optional fields (`null` or absent gives `None`).
pub fn opt_i64_from_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<AnyI64>::deserialize(d).map(|o| o.map(|v| v.0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyI64(pub i64);

impl<'de> Deserialize<'de> for AnyI64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64_from_any(d).map(AnyI64)
    }
}

struct I64Visitor;

impl Visitor<'_> for I64Visitor {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// A boolean that Coupang's FMS emits as the string `"true"`/`"false"` (`wowExclusive`), and that
/// some clients send as a string. Serialises as the string; reads either form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StringBool(pub bool);

impl Serialize for StringBool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0 { "true" } else { "false" })
    }
}

impl<'de> Deserialize<'de> for StringBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = StringBool;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean or \"true\"/\"false\"")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<StringBool, E> {
                Ok(StringBool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringBool, E> {
                match v {
                    "true" => Ok(StringBool(true)),
                    "false" => Ok(StringBool(false)),
                    _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A number emitted as an integer when it is integral (`100`), else as a float (`12.5`):
/// Coupang's current pages show contract ratios as integers, the 2018 pages as `100.0`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ratio(pub f64);

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Ratio)
    }
}

/// An amount Coupang prints with two decimals (`usedBudgetAmount: 50.00`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Amount2(pub f64);

impl Serialize for Amount2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(format!("{:.2}", self.0))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Amount2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Amount2)
    }
}

/// A list that Coupang documents in one place as a single object and answers live as an array
/// (D2's result). Reads either; always holds a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either<T> {
            Many(Vec<T>),
            One(T),
        }
        Ok(OneOrMany(match Either::deserialize(d)? {
            Either::Many(v) => v,
            Either::One(t) => vec![t],
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(deserialize_with = "i64_from_any")]
        n: i64,
        b: StringBool,
    }

    #[test]
    fn reads_every_field_form() {
        for (j, n, b) in [
            (r#"{"n":15,"b":false}"#, 15, false),
            (r#"{"n":"15","b":"true"}"#, 15, true),
            (r#"{"n":99.0,"b":"false"}"#, 99, false),
        ] {
            let t: T = serde_json::from_str(j).unwrap();
            assert_eq!((t.n, t.b.0), (n, b), "{j}");
        }
        assert!(serde_json::from_str::<T>(r#"{"n":"x","b":false}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"n":1.5,"b":false}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"n":1,"b":"yes"}"#).is_err());
    }

    #[test]
    fn one_or_many_reads_both_forms() {
        for j in ["[1,2]", "7"] {
            let v: OneOrMany<i64> = serde_json::from_str(j).unwrap();
            assert_eq!(v.0.len(), if j == "7" { 1 } else { 2 });
        }
    }

    #[test]
    fn writes_canonical_forms() {
        #[derive(Serialize)]
        struct W {
            w: StringBool,
            r: Ratio,
            f: Ratio,
            a: Amount2,
        }
        let w = W {
            w: StringBool(false),
            r: Ratio(100.0),
            f: Ratio(12.5),
            a: Amount2(50.0),
        };
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"w":"false","r":100,"f":12.5,"a":50.00}"#
        );
    }
}
