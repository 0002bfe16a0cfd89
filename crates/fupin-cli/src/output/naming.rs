//! The names reports give units: counties and above from `fupin-data` (the run's
//! vintage, else the newest that has the code), townships and villages from `fupin-data-villages` (NBS 2023) when the command is
//! built with its `villages` feature (on by default). A unit the data do not name gets no
//! name, and reports show its code alone: never a made-up label.

use fupin_core::RegionCode;
use fupin_core::region::Level;

/// The name of a unit, or `None` when the embedded data have none for its code.
pub fn region_name(code: RegionCode) -> Option<String> {
    if code.level() <= Level::County {
        // the run's vintage, else the newest that has the code
        return std::iter::once(crate::cmd::vintage())
            .chain(fupin_data::Vintage::ALL.into_iter().rev())
            .find_map(|v| fupin_data::get(code, v))
            .map(|d| d.name.to_owned());
    }
    below_county(code)
}

#[cfg(feature = "villages")]
fn below_county(code: RegionCode) -> Option<String> {
    fupin_data_villages::name(code).map(str::to_owned)
}

#[cfg(not(feature = "villages"))]
fn below_county(_: RegionCode) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        s.parse().unwrap_or_else(|e| unreachable!("{s}: {e}"))
    }

    #[test]
    fn counties_and_above_come_from_fupin_data() {
        assert_eq!(region_name(code("522327")).as_deref(), Some("册亨县"));
        assert_eq!(region_name(code("520000")).as_deref(), Some("贵州省"));
    }

    #[test]
    fn townships_and_villages_are_named_with_the_feature_and_never_invented() {
        let township = region_name(code("522327103000"));
        let village = region_name(code("522327103200"));
        if cfg!(feature = "villages") {
            assert_eq!(township.as_deref(), Some("丫他镇"));
            assert_eq!(village.as_deref(), Some("丫他村村民委员会"));
        } else {
            assert_eq!((township, village), (None, None));
        }
        // a code the data do not hold has no name
        assert_eq!(region_name(code("522327103999")), None);
        assert_eq!(region_name(code("522327999000")), None);
    }
}
