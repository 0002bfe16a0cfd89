//! The integration tests of the `fupin` facade, in one test binary (one link, one run):
//! each module is one subject; `common` holds the helpers they share.

mod assess;
mod common;
mod duplicate_keys;
mod exit_agreement;
mod exit_fixtures;
mod fixtures;
mod household_fast_path;
mod judge;
mod judge_fixtures;
mod pairing;
mod pairing_fixtures;
mod pairing_national;
mod pairing_optimal;
mod personal_data;
mod procedure;
mod procedure_household;
mod properties;
mod responsibility;
mod responsibility_chain;
mod round_trip;
mod threads;
