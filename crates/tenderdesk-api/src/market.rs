//! Use cases between rounds: contracts and options, alerts, spend, activity, rates, coverage, FOI.
