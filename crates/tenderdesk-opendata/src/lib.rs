//! Open data exports. (Being written.)
