//! Contracts, alerts, spend, activity, rates, coverage and FOI answers. (Being written.)
