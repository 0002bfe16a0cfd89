//! Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, and GBK /
//! GB18030 as Chinese exports often are. Detected from a BOM, else from whether the first
//! 64 KiB are valid UTF-8.

/// The encodings fupin reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (a BOM is skipped).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK (read as GB18030, its superset).
    Gbk,
    /// GB18030.
    Gb18030,
}

impl Encoding {
    /// The encoding_rs encoding.
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gbk | Encoding::Gb18030 => encoding_rs::GB18030,
        }
    }
}

/// Guesses the encoding from the start of a file: a BOM decides; else UTF-8 when the
/// bytes are valid UTF-8 (an incomplete last character allowed) or nearly so — a few bad
/// bytes among many multi-byte characters are damage in a UTF-8 file, and the rows holding
/// them are rejected; GBK text makes far more invalid sequences than valid ones —; else
/// GB18030.
pub fn sniff(head: &[u8]) -> &'static encoding_rs::Encoding {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(head) {
        return enc;
    }
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = head;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                let Some(len) = e.error_len() else { break };
                invalid += 1;
                rest = bad.get(len..).unwrap_or_default();
            }
        }
    }
    if invalid == 0 || valid >= 8 * invalid {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GB18030
    }
}
