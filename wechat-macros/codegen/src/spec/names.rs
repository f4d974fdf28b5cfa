//! Name conversions between wire names and Rust identifiers.

/// Rust keywords that need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// `snake_case` of a wire name: `phoneNumber` → `phone_number`, `ToUserName` → `to_user_name`,
/// `sub-button` → `sub_button`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `PascalCase` of a snake, kebab, upper or camel name: `scancode_push` → `ScancodePush`,
/// `QR_LIMIT_SCENE` → `QrLimitScene`, `SCAN` → `Scan`, `view_miniprogram` → `ViewMiniprogram`.
pub fn pascal_case(name: &str) -> String {
    let snake = if name.chars().any(|c| c.is_ascii_lowercase()) {
        snake_case(name)
    } else {
        name.to_ascii_lowercase()
    };
    let mut out = String::with_capacity(snake.len());
    for part in snake
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let mut cs = part.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// Whether `name` must be written `r#name`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` can be a Rust identifier at all (after `r#` for keywords).
pub fn is_valid_ident(name: &str) -> bool {
    !name.is_empty()
        && !NOT_RAW.contains(&name)
        && name != "_"
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is `snake_case`.
pub fn is_snake(name: &str) -> bool {
    is_valid_ident(name) && !name.chars().any(|c| c.is_ascii_uppercase())
}

/// Whether `name` is `PascalCase`.
pub fn is_pascal(name: &str) -> bool {
    is_valid_ident(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !name.contains('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake() {
        assert_eq!(snake_case("phoneNumber"), "phone_number");
        assert_eq!(snake_case("ToUserName"), "to_user_name");
        assert_eq!(snake_case("access_token"), "access_token");
        assert_eq!(snake_case("MsgID"), "msg_id");
        assert_eq!(snake_case("appId"), "app_id");
        assert_eq!(snake_case("sub-button"), "sub_button");
        assert_eq!(snake_case("1st"), "_1st");
    }

    #[test]
    fn pascal() {
        assert_eq!(pascal_case("scancode_push"), "ScancodePush");
        assert_eq!(pascal_case("QR_LIMIT_SCENE"), "QrLimitScene");
        assert_eq!(pascal_case("SCAN"), "Scan");
        assert_eq!(pascal_case("wx_card"), "WxCard");
        assert_eq!(pascal_case("zh_CN"), "ZhCn");
        assert_eq!(pascal_case("miniprogrampage"), "Miniprogrampage");
        assert_eq!(pascal_case("1"), "V1");
    }

    #[test]
    fn idents() {
        assert!(is_keyword("type"));
        assert!(is_snake("batchget"));
        assert!(!is_snake("BatchGet"));
        assert!(is_pascal("MaterialList"));
        assert!(!is_pascal("material_list"));
        assert!(!is_valid_ident("self"));
    }
}
