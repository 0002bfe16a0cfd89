//! The command's integration tests, in one test binary (one link, one run): each module is
//! one subject; `common` runs `fupin` and holds the helpers they share.

mod assess_records;
mod boundary;
mod bounded;
mod cli;
mod common;
mod duplicates;
mod exit;
mod first_record;
mod guide;
mod hostile;
mod hostile_output;
mod indicators;
mod judge;
mod names;
mod naming;
mod personal_data;
mod region_data;
mod reports;
mod robust;
mod silent;
mod unit_tables;
mod validate_records;
mod xls;
