//! The AES-256-CBC layer: EncodingAESKey decoding, plaintext layout, base64.
//!
//! Plaintext layout: `random (16 bytes) | msg_len (4 bytes, big-endian) | msg | receiver id`,
//! padded with PKCS#7 to 32 bytes, encrypted with AES-256-CBC where the IV is
//! the first 16 bytes of the key, then base64-encoded.
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>

use aes::cipher::{
    block_padding::NoPadding, BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit,
};
use aes::Aes256;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::padding::{pad, unpad};
use super::CryptoError;

/// Length of an EncodingAESKey in characters.
pub(crate) const ENCODING_AES_KEY_LEN: usize = 43;
const RANDOM_LEN: usize = 16;
const HEADER_LEN: usize = RANDOM_LEN + 4;

/// An expanded AES-256 key and its IV. Holds key material: never printed.
#[derive(Clone)]
pub(crate) struct AesCbcKey {
    cipher: Aes256,
    iv: [u8; 16],
}

/// The parts of a decrypted plaintext.
pub(crate) struct Opened {
    /// The message bytes (`msg`).
    pub(crate) message: Vec<u8>,
    /// Offset of the receiver id in `message` (the bytes after `msg`).
    pub(crate) receiver_at: usize,
}

impl AesCbcKey {
    /// Decodes a 43-character EncodingAESKey (`base64(key) = EncodingAESKey + "="`).
    pub(crate) fn from_encoding_aes_key(encoding_aes_key: &str) -> Result<Self, CryptoError> {
        if encoding_aes_key.len() != ENCODING_AES_KEY_LEN {
            return Err(CryptoError::InvalidEncodingAesKey {
                reason: "must be 43 characters",
            });
        }
        if !encoding_aes_key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CryptoError::InvalidEncodingAesKey {
                reason: "must contain only a-z, A-Z and 0-9",
            });
        }
        let mut padded = String::with_capacity(44);
        padded.push_str(encoding_aes_key);
        padded.push('=');
        // The last character carries 4 unused bits; accept any value there, as WeChat does.
        let key = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
        )
        .decode(padded.as_bytes())
        .map_err(|_| CryptoError::InvalidEncodingAesKey {
            reason: "is not base64",
        })?;
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| CryptoError::InvalidEncodingAesKey {
                reason: "must decode to 32 bytes",
            })?;
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&key[..16]);
        let cipher = Aes256::new(&key.into());
        Ok(Self { cipher, iv })
    }

    /// Builds the plaintext, pads, encrypts and base64-encodes it.
    pub(crate) fn seal(&self, random: &[u8; 16], message: &[u8], receiver_id: &[u8]) -> String {
        let len = HEADER_LEN + message.len() + receiver_id.len();
        let mut buf = Vec::with_capacity(len + 32);
        buf.extend_from_slice(random);
        // Messages are far below 4 GiB (the callback body limit is kilobytes);
        // saturate rather than wrap if a caller ever passes more.
        let msg_len = u32::try_from(message.len()).unwrap_or(u32::MAX);
        buf.extend_from_slice(&msg_len.to_be_bytes());
        buf.extend_from_slice(message);
        buf.extend_from_slice(receiver_id);
        pad(&mut buf);
        let padded_len = buf.len();
        let encryptor =
            cbc::Encryptor::<Aes256>::inner_iv_init(self.cipher.clone(), &self.iv.into());
        // The buffer is a whole number of blocks, so NoPadding cannot fail; map the
        // impossible error to an empty slice rather than panic.
        let ciphertext = encryptor
            .encrypt_padded::<NoPadding>(&mut buf, padded_len)
            .unwrap_or_default();
        STANDARD.encode(ciphertext)
    }

    /// Base64-decodes, decrypts and unpads `encrypt`, and splits the plaintext.
    pub(crate) fn open(&self, encrypt: &str) -> Result<Opened, CryptoError> {
        // The SIMD decoder: the base64 text is most of the bytes a callback carries.
        let mut buf = base64_simd::STANDARD
            .decode_to_vec(encrypt.trim().as_bytes())
            .map_err(|_| CryptoError::Base64)?;
        if buf.is_empty() || buf.len() % 16 != 0 {
            return Err(CryptoError::CiphertextLength { len: buf.len() });
        }
        let decryptor =
            cbc::Decryptor::<Aes256>::inner_iv_init(self.cipher.clone(), &self.iv.into());
        let cipher_len = buf.len();
        let plain_len = decryptor
            .decrypt_padded::<NoPadding>(&mut buf)
            .map_err(|_| CryptoError::CiphertextLength { len: cipher_len })?
            .len();
        let unpadded_len = unpad(&buf[..plain_len])?.len();
        if unpadded_len < HEADER_LEN {
            return Err(CryptoError::LengthPrefix {
                declared: 0,
                available: unpadded_len.saturating_sub(HEADER_LEN),
            });
        }
        let declared = u32::from_be_bytes([buf[16], buf[17], buf[18], buf[19]]) as usize;
        let available = unpadded_len - HEADER_LEN;
        if declared > available {
            return Err(CryptoError::LengthPrefix {
                declared,
                available,
            });
        }
        buf.truncate(unpadded_len);
        buf.drain(..HEADER_LEN);
        Ok(Opened {
            message: buf,
            receiver_at: declared,
        })
    }
}
