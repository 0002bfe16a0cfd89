//! [`VillagesError`]: the one error type of the crate.

/// Why a township and village table could not be read.
///
/// Each variant has a stable snake_case [`code`](VillagesError::code) that never changes; the
/// messages are for people and may be reworded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VillagesError {
    /// The bytes do not start with the table's magic `FPV1` (nor gzip's).
    #[error("not a fupin village table: it does not start with `FPV1`")]
    NotATable,
    /// A table of a later format version than this crate reads.
    #[error("village table format `{magic}` is not supported; this version reads `FPV1`")]
    UnsupportedVersion {
        /// The four magic bytes found, as text.
        magic: String,
    },
    /// Gzip-compressed bytes given to a build without the `gzip` feature (the WebAssembly
    /// binding): decompress first (`DecompressionStream("gzip")`, `zlib.gunzipSync`).
    #[error(
        "the village table is gzip-compressed and this build reads only the decompressed table"
    )]
    Compressed,
    /// The gzip stream is damaged or larger than the limit.
    #[error("the gzip-compressed village table cannot be read: {message}")]
    Gzip {
        /// What the decompressor said.
        message: String,
    },
    /// The table is truncated or inconsistent.
    #[error("the village table is damaged at byte {offset}: {what}")]
    Corrupt {
        /// Byte offset in the decompressed table where reading failed.
        offset: usize,
        /// What was wrong.
        what: &'static str,
    },
}

impl VillagesError {
    /// Stable code of the error: `villages_not_a_table`, `villages_unsupported_version`,
    /// `villages_compressed`, `villages_gzip` or `villages_corrupt`.
    pub fn code(&self) -> &'static str {
        match self {
            VillagesError::NotATable => "villages_not_a_table",
            VillagesError::UnsupportedVersion { .. } => "villages_unsupported_version",
            VillagesError::Compressed => "villages_compressed",
            VillagesError::Gzip { .. } => "villages_gzip",
            VillagesError::Corrupt { .. } => "villages_corrupt",
        }
    }
}
