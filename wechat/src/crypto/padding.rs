//! PKCS#7 padding with a 32-byte block, as WeChat uses it over AES-256-CBC.
//!
//! WeChat pads to a multiple of **32** bytes (K = 32), not AES's 16, so pad
//! values run from 1 to 32. This is format checking, not cryptography: the AES
//! itself is RustCrypto's, run with no padding.

use super::CryptoError;

/// WeChat's padding block size in bytes.
pub(crate) const PAD_BLOCK: usize = 32;

/// Appends `32 - len % 32` bytes, each equal to that count (a full block when `len % 32 == 0`).
pub(crate) fn pad(buf: &mut Vec<u8>) {
    let pad = PAD_BLOCK - buf.len() % PAD_BLOCK;
    // `pad` is in 1..=32, so it fits a byte.
    buf.resize(buf.len() + pad, pad as u8);
}

/// Returns `buf` without its padding, or [`CryptoError::Padding`] when the last
/// byte is not in 1..=32, exceeds the length, or the pad bytes differ.
pub(crate) fn unpad(buf: &[u8]) -> Result<&[u8], CryptoError> {
    let Some(&last) = buf.last() else {
        return Err(CryptoError::Padding);
    };
    let pad = usize::from(last);
    if pad == 0 || pad > PAD_BLOCK || pad > buf.len() {
        return Err(CryptoError::Padding);
    }
    let (body, tail) = buf.split_at(buf.len() - pad);
    if tail.iter().any(|&b| b != last) {
        return Err(CryptoError::Padding);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_then_unpad_every_length_in_two_blocks() {
        for len in 0..=2 * PAD_BLOCK {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut padded = data.clone();
            pad(&mut padded);
            assert_eq!(padded.len() % PAD_BLOCK, 0);
            assert!(padded.len() > data.len());
            assert_eq!(unpad(&padded).unwrap(), &data[..]);
        }
    }

    #[test]
    fn rejects_bad_pads() {
        assert_eq!(unpad(&[]), Err(CryptoError::Padding));
        assert_eq!(unpad(&[1, 2, 0]), Err(CryptoError::Padding));
        assert_eq!(unpad(&[33; 64]), Err(CryptoError::Padding));
        assert_eq!(unpad(&[3, 3]), Err(CryptoError::Padding));
        assert_eq!(unpad(&[9, 2, 3, 3]), Err(CryptoError::Padding));
    }
}
