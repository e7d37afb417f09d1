//! Scoring a round. (Being written.)
