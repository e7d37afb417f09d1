//! Developer use cases: generating large synthetic data sets.
