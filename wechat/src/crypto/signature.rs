//! SHA-1 signatures over sorted strings: the URL `signature` and the `msg_signature`.

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// Checks the `signature` WeChat adds to every callback URL (plaintext mode and the GET handshake).
///
/// `signature` must equal the lowercase hex SHA-1 of the sorted concatenation of
/// `token`, `timestamp` and `nonce`. The comparison runs in constant time and
/// accepts upper- or lowercase hex. Returns `false` for any mismatch, including a
/// signature that is not 40 characters long.
///
/// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html>
pub fn check_signature(token: &str, signature: &str, timestamp: &str, nonce: &str) -> bool {
    signature_matches(&sha1_sorted_hex(&mut [token, timestamp, nonce]), signature)
}

/// Lowercase hex SHA-1 of the sorted concatenation of `parts` (sorted in place).
pub(crate) fn sha1_sorted_hex(parts: &mut [&str]) -> [u8; 40] {
    parts.sort_unstable();
    let mut hasher = Sha1::new();
    for part in parts.iter() {
        hasher.update(part.as_bytes());
    }
    hex_lower(&hasher.finalize().into())
}

/// Constant-time comparison of a computed hex digest with the one received.
pub(crate) fn signature_matches(expected: &[u8; 40], given: &str) -> bool {
    let given = given.as_bytes();
    if given.len() != expected.len() {
        return false;
    }
    let mut lowered = [0u8; 40];
    for (dst, src) in lowered.iter_mut().zip(given) {
        *dst = src.to_ascii_lowercase();
    }
    expected.ct_eq(&lowered).into()
}

fn hex_lower(digest: &[u8; 20]) -> [u8; 40] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 40];
    for (i, byte) in digest.iter().enumerate() {
        out[2 * i] = HEX[usize::from(byte >> 4)];
        out[2 * i + 1] = HEX[usize::from(byte & 0x0f)];
    }
    out
}

/// The lowercase hex of a finished SHA-1, as a `String`.
pub(crate) fn signature_hex(hasher: Sha1) -> String {
    hex_to_string(&hex_lower(&hasher.finalize().into()))
}

/// The hex digest as a `String` (it is always ASCII).
pub(crate) fn hex_to_string(hex: &[u8; 40]) -> String {
    hex.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_signature() {
        // sha1("1410685589testtest")
        assert!(check_signature(
            "test",
            "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff",
            "1410685589",
            "test"
        ));
        assert!(check_signature(
            "test",
            "F21891DE399B4E33A1A93C9A7B8A8FFFB5A443FF",
            "1410685589",
            "test"
        ));
        assert!(!check_signature("test", "", "1410685589", "test"));
        assert!(!check_signature("test", "f21891de", "1410685589", "test"));
    }
}
