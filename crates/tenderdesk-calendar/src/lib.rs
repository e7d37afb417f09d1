//! UK bank holidays, working days and standstill periods. (Being written.)
