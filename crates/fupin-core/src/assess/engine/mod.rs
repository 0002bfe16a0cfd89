//! The engine that counts the register: private to the assessment, driven by the domain
//! ([`Dataset`](super::Dataset), [`TallyStream`](super::TallyStream), [`Tally`](super::Tally)).
//!
//! - [`layout`]: the register reduced to what is counted, 8 bytes a household — the village's
//!   slot (`u32`), the members (`u16`) and a flags word (`u16`) whose eleven bits are the
//!   household's facts as the domain's rules decide them (`facts.rs`: poor, network fields,
//!   file complete and whether that is recorded, exit).
//! - [`blocks`]: columns read 64 rows at a time, the way Arrow lays out yes/no columns: a
//!   block's yes/no cells, statuses and incomes (by their side of the poverty line) form the
//!   key of a table of flags words filled from `flags_of` — and checked against it for every
//!   key by a test — so the rule is written once. Output is a flags word per row, or one bit
//!   word per flag ([`blocks::FlagWords`]).
//! - [`kernel`]: flags words → counters per village on every core. Within a run of
//!   households of one village the twelve one-bit counters are added as 10-bit lanes of one
//!   `u128` looked up from a 2,048-entry table (32 KiB), flushed when the village changes or
//!   after 1,023 rows; a chunk whose runs outnumber the villages switches to a dense array.
//! - [`popcount`]: a stream's chunks counted from [`blocks::FlagWords`] by population count
//!   over each run of a village's rows, without a flags word per row.
//!
//! Columnar input reaches a stream as flag words. A 64-row block is read as bit words of the
//! flags table's key — yes/no cells as they come, statuses and incomes (their side of the
//! line) eight rows a vector compare — and each flag's word is the union of the terms
//! `flags_of` sets per status class and field value. That split is derived from the
//! 4,096-entry table and checked against every entry of it, so the rule keeps one home (if a
//! change to `flags_of` broke the split, the words would be built row by row from the table,
//! and a test says so). A village's run of rows then adds each flag up by population count
//! over the one to three words it covers, and its poor people by visiting the set bits of
//! the poor flag only. The per-row flags word (for a `Dataset`, which keeps its rows) is
//! spread from the same block words, four rows a multiplication, and looked up in the table.
//! Counters are sized by the first chunk a stream counts and written as zeros, not handed
//! out zeroed: memory mapped lazily would cost two page faults and a flush of every core's
//! address cache per page when first added to.
//! - [`fastpath`]: registers sorted by village (the usual export) counted into finished
//!   village entries, one range of villages per thread, without a scratch array.

pub(crate) mod blocks;
pub(crate) mod fastpath;
pub(crate) mod kernel;
pub(crate) mod layout;
pub(crate) mod popcount;
