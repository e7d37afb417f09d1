//! Use cases of the bank-holiday calendar: holidays of a year, standstill end dates.
