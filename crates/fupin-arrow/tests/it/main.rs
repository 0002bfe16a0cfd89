//! The Arrow adapter's integration tests, in one test binary (one link, one run): each module
//! is one subject.

mod adapter;
mod duplicates;
mod fast;
mod fuzz_regressions;
mod large_batches;
mod lines_stream;
mod nothing_silent;
mod parallel;
mod parquet_checked;
mod parquet_pages;
mod parquet_range;
