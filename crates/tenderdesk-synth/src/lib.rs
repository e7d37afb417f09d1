//! Synthetic data sets. (Being written.)
