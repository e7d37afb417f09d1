//! The sled store (placeholder while the domain is written).
