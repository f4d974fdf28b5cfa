//! Type expressions: `string`, `u32`, `Name`, `[T]`, `T?`.

/// A scalar of the spec format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `string`
    String,
    /// `secret`: a string the SDK never prints.
    Secret,
    /// `bool`
    Bool,
    /// `i8` … `u64`, by name.
    Int(&'static str),
    /// `f64`
    F64,
    /// `json`: any JSON value.
    Json,
    /// `file`: a file part of a `multipart/form-data` upload.
    File,
}

/// A parsed type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    /// A scalar.
    Scalar(Scalar),
    /// A named type of the group or of `shared.toml`.
    Named(String),
    /// `[T]`
    Array(Box<TypeExpr>),
    /// `T?`
    Optional(Box<TypeExpr>),
}

const INTS: &[&str] = &["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];

impl TypeExpr {
    /// Parses an expression; the error says what is wrong.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty type expression".into());
        }
        if let Some(inner) = t.strip_suffix('?') {
            let inner = TypeExpr::parse(inner)?;
            if matches!(inner, TypeExpr::Optional(_)) {
                return Err(format!(
                    "`{t}`: `??` is not a type; one `?` makes a field optional"
                ));
            }
            return Ok(TypeExpr::Optional(Box::new(inner)));
        }
        if let Some(rest) = t.strip_prefix('[') {
            let Some(inner) = rest.strip_suffix(']') else {
                return Err(format!("`{t}`: an array is written `[T]`"));
            };
            let inner = TypeExpr::parse(inner)?;
            if matches!(inner, TypeExpr::Optional(_)) {
                return Err(format!(
                    "`{t}`: array elements cannot be optional; write `[T]?` for an optional array"
                ));
            }
            return Ok(TypeExpr::Array(Box::new(inner)));
        }
        let scalar = match t {
            "string" => Some(Scalar::String),
            "secret" => Some(Scalar::Secret),
            "bool" => Some(Scalar::Bool),
            "f64" => Some(Scalar::F64),
            "json" => Some(Scalar::Json),
            "file" => Some(Scalar::File),
            _ => INTS.iter().find(|i| **i == t).map(|i| Scalar::Int(i)),
        };
        if let Some(s) = scalar {
            return Ok(TypeExpr::Scalar(s));
        }
        if super::names::is_pascal(t) {
            return Ok(TypeExpr::Named(t.to_owned()));
        }
        Err(format!(
            "unknown type `{t}`: expected string, secret, bool, i8..i64, u8..u64, f64, json, file, a PascalCase type name, [T] or T?"
        ))
    }

    /// Whether the outermost layer is `?`.
    pub fn is_optional(&self) -> bool {
        matches!(self, TypeExpr::Optional(_))
    }

    /// The named types this expression mentions.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(n) => Some(n),
            TypeExpr::Array(t) | TypeExpr::Optional(t) => t.named(),
            TypeExpr::Scalar(_) => None,
        }
    }

    /// Whether `file` appears anywhere in the expression.
    pub fn has_file(&self) -> bool {
        match self {
            TypeExpr::Scalar(s) => *s == Scalar::File,
            TypeExpr::Named(_) => false,
            TypeExpr::Array(t) | TypeExpr::Optional(t) => t.has_file(),
        }
    }

    /// Whether the expression is `file` or `file?`: a file part of its own.
    pub fn is_file_part(&self) -> bool {
        match self {
            TypeExpr::Scalar(Scalar::File) => true,
            TypeExpr::Optional(t) => matches!(**t, TypeExpr::Scalar(Scalar::File)),
            _ => false,
        }
    }

    /// Whether the value can be a query parameter (a scalar or a named enum, maybe optional).
    pub fn is_query_shaped(&self) -> bool {
        match self {
            TypeExpr::Scalar(Scalar::Json | Scalar::File) => false,
            TypeExpr::Scalar(_) | TypeExpr::Named(_) => true,
            TypeExpr::Optional(t) => t.is_query_shaped(),
            TypeExpr::Array(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(
            TypeExpr::parse("u32"),
            Ok(TypeExpr::Scalar(Scalar::Int("u32")))
        );
        assert_eq!(
            TypeExpr::parse("[Button]?"),
            Ok(TypeExpr::Optional(Box::new(TypeExpr::Array(Box::new(
                TypeExpr::Named("Button".into())
            )))))
        );
        assert!(TypeExpr::parse("u128").is_err());
        assert!(TypeExpr::parse("[u32?]").is_err());
        assert!(TypeExpr::parse("string??").is_err());
        assert!(TypeExpr::parse("[u32").is_err());
        assert!(TypeExpr::parse("button").is_err());
        let file = TypeExpr::parse("file?").unwrap();
        assert!(file.is_file_part() && file.has_file() && !file.is_query_shaped());
        let files = TypeExpr::parse("[file]").unwrap();
        assert!(!files.is_file_part() && files.has_file());
    }
}
