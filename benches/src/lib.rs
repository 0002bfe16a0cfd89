//! Criterion benchmarks of fupin live in `benches/`; this library is empty.
