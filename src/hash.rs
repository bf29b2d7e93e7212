//! Short content hashes that identify the inputs of a report.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// First 12 hex digits of the SHA-256 of the value's canonical JSON form. The models keep their
/// collections in a fixed order (catalogue order, sorted ids), so the JSON is deterministic.
pub fn short_hash<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_vec(value).expect("models serialise to JSON");
    hex12(&Sha256::digest(&json))
}

/// The first 12 hex digits of a digest.
pub fn hex12(digest: &[u8]) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}
