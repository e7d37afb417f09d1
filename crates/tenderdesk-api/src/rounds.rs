//! Use cases of a round: opening the sealed bids, the result, the award decision and standstill.
