//! WeChat's side of callbacks: building an account's messages and events and a
//! platform's pushes, signing and encrypting them, POSTing them, and reading the
//! receiver's reply (checking and decrypting it in safe mode).
//!
//! Used by the simulator's own platform pushes, and by [`trigger`] for a user's
//! handler (also as `wechat-sim push` and `POST /sim/push`).

pub mod crypto;
pub mod message;
pub mod reply;
pub mod send;
pub mod trigger;
