//! Open data exports: the contract register as CSV and OCDS release packages.
