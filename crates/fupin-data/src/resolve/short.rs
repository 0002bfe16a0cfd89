//! Short forms of division names: the name without its generic suffix (县, 市, 自治州 …) and,
//! for autonomous units, without the names of the peoples (长阳土家族自治县 → 长阳, 长阳县);
//! and the abbreviations of banners and leagues (西乌旗, 锡盟), by the rules of
//! [`banner_abbreviation`] and [`league_abbreviation`].

use fupin_core::region::{Level, RegionCode};

/// Names of peoples that end the stem of an autonomous unit's name, longest first where one
/// ends another. Besides the `…族` forms, the few written without 族 in official names.
const PEOPLES: [&str; 64] = [
    "柯尔克孜族",
    "乌孜别克族",
    "达斡尔族",
    "鄂伦春族",
    "鄂温克族",
    "哈萨克族",
    "维吾尔族",
    "俄罗斯族",
    "塔吉克族",
    "塔塔尔族",
    "傈僳族",
    "仫佬族",
    "仡佬族",
    "拉祜族",
    "纳西族",
    "景颇族",
    "哈尼族",
    "布依族",
    "朝鲜族",
    "土家族",
    "蒙古族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "保安族",
    "裕固族",
    "独龙族",
    "德昂族",
    "东乡族",
    "高山族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "回族",
    "藏族",
    "苗族",
    "彝族",
    "壮族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "傣族",
    "黎族",
    "佤族",
    "畲族",
    "水族",
    "土族",
    "羌族",
    "怒族",
    "京族",
    "各族",
    "柯尔克孜",
    "维吾尔",
    "哈萨克",
    "鄂伦春",
    "塔吉克",
    "蒙古",
    "锡伯",
    "汉族",
];

/// Generic suffixes by level, longest first. `auto` marks autonomous ones, `generic` is
/// what an everyday short form puts back (黔西南州, 长阳县).
struct Suffix {
    text: &'static str,
    auto: bool,
    generic: &'static str,
}

const fn sfx(text: &'static str, auto: bool, generic: &'static str) -> Suffix {
    Suffix {
        text,
        auto,
        generic,
    }
}

const PROVINCE: [Suffix; 4] = [
    sfx("特别行政区", false, ""),
    sfx("自治区", true, ""),
    sfx("省", false, ""),
    sfx("市", false, ""),
];

const PREFECTURE: [Suffix; 4] = [
    sfx("自治州", true, "州"),
    sfx("地区", false, ""),
    sfx("盟", false, ""),
    sfx("市", false, ""),
];

const COUNTY: [Suffix; 10] = [
    sfx("自治县", true, "县"),
    sfx("自治旗", true, "旗"),
    sfx("新区", false, ""),
    sfx("矿区", false, ""),
    sfx("林区", false, ""),
    sfx("特区", false, ""),
    sfx("县", false, ""),
    sfx("区", false, ""),
    sfx("市", false, ""),
    sfx("旗", false, ""),
];

/// The shortest stem kept, in characters: 忠县 has no short form.
const MIN_CHARS: usize = 2;

fn long_enough(s: &str) -> bool {
    s.chars().count() >= MIN_CHARS
}

/// `stem` without the names of peoples at its end (黔西南布依族苗族 → 黔西南).
fn strip_peoples(stem: &str) -> &str {
    let mut s = stem;
    while let Some(rest) = PEOPLES.iter().find_map(|p| s.strip_suffix(p)) {
        if rest.is_empty() {
            break;
        }
        s = rest;
    }
    s
}

/// Parts of a banner's name that its abbreviation keeps the first character of, besides the
/// place name: a leading direction and a trailing wing and position.
const BANNER_LEADS: [char; 4] = ['东', '西', '南', '北'];
const BANNER_WINGS: [&str; 4] = ["左翼", "右翼", "左", "右"];
const BANNER_POSITIONS: [char; 3] = ['前', '中', '后'];

/// The everyday abbreviation of a banner (旗) of Inner Mongolia: the first character of each
/// part of the name, then 旗. The parts are a leading direction (东, 西, 南, 北), the place
/// name, and a trailing wing (左翼 or 左, 右翼 or 右, written 左 or 右) and/or position (前,
/// 中, 后): 西乌珠穆沁旗 → 西乌旗, 科尔沁左翼中旗 → 科左中旗, 察哈尔右翼前旗 → 察右前旗,
/// 阿拉善左旗 → 阿左旗, 乌拉特前旗 → 乌前旗, 鄂托克前旗 → 鄂前旗, 土默特右旗 → 土右旗.
/// A name of one part only (准格尔旗, 镶黄旗) has none: first characters alone (准旗, 伊旗)
/// are too often shared. The place name must keep two characters or more.
fn banner_abbreviation(stem: &str) -> Option<String> {
    let mut rest = stem;
    let mut out = String::new();
    let mut tail = String::new();
    if let Some(p) = rest.chars().last().filter(|c| BANNER_POSITIONS.contains(c)) {
        rest = rest.strip_suffix(p)?;
        tail.push(p);
    }
    if let Some((w, r)) = BANNER_WINGS
        .iter()
        .find_map(|w| rest.strip_suffix(w).map(|r| (*w, r)))
    {
        rest = r;
        tail.insert(0, w.chars().next()?);
    }
    if let Some(d) = rest.chars().next().filter(|c| BANNER_LEADS.contains(c)) {
        rest = rest.strip_prefix(d)?;
        out.push(d);
    }
    if out.is_empty() && tail.is_empty() || !long_enough(rest) {
        return None;
    }
    out.push(rest.chars().next()?);
    out.push_str(&tail);
    out.push('旗');
    Some(out)
}

/// The everyday abbreviation of a league (盟, a prefecture of Inner Mongolia): its first
/// character and 盟 (锡林郭勒盟 → 锡盟, 阿拉善盟 → 阿盟), when the name without 盟 has two
/// characters or more.
fn league_abbreviation(name: &str) -> Option<String> {
    let stem = name.strip_suffix('盟').filter(|s| long_enough(s))?;
    Some(format!("{}盟", stem.chars().next()?))
}

/// The short forms of `name`, the name of the unit `code`, without the name itself.
pub(crate) fn short_forms(name: &str, code: RegionCode) -> Vec<String> {
    let suffixes: &[Suffix] = match code.level() {
        Level::Province => &PROVINCE,
        Level::Prefecture => &PREFECTURE,
        Level::County => &COUNTY,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for s in suffixes {
        let Some(stem) = name.strip_suffix(s.text) else {
            continue;
        };
        // 林区 is a suffix only for 神农架林区, under its province (`4290xx`); 万柏林区 is a 区.
        if s.text == "林区" && code.prefecture_segment() != 90 {
            continue;
        }
        if s.auto {
            let core = strip_peoples(stem);
            if core != stem && long_enough(core) {
                out.push(core.to_owned());
                if !s.generic.is_empty() {
                    out.push(format!("{core}{}", s.generic));
                }
            } else {
                // 鄂温克族自治旗, 东乡族自治县: the stem is a people's name.
                out.push(stem.to_owned());
                if let Some(p) = stem.strip_suffix('族').filter(|p| long_enough(p)) {
                    out.push(p.to_owned());
                }
            }
            break;
        }
        if long_enough(stem) {
            out.push(stem.to_owned());
            break;
        }
        // 清新区: 新区 leaves one character, so 区 is the suffix.
    }
    let abbreviation = match code.level() {
        Level::County => name
            .strip_suffix('旗')
            .filter(|s| !s.ends_with("自治"))
            .and_then(banner_abbreviation),
        Level::Prefecture => league_abbreviation(name),
        _ => None,
    };
    out.extend(abbreviation);
    out.retain(|s| long_enough(s) && s != name);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(name: &str, code: u32) -> Vec<String> {
        short_forms(name, RegionCode::from_gb2260(code).unwrap())
    }

    #[test]
    fn autonomous_units_lose_suffix_and_peoples() {
        assert_eq!(forms("长阳土家族自治县", 420528), ["长阳", "长阳县"]);
        assert_eq!(
            forms("黔西南布依族苗族自治州", 522300),
            ["黔西南", "黔西南州"]
        );
        assert_eq!(forms("伊犁哈萨克自治州", 654000), ["伊犁", "伊犁州"]);
        assert_eq!(forms("新疆维吾尔自治区", 650000), ["新疆"]);
        assert_eq!(
            forms("积石山保安族东乡族撒拉族自治县", 622927),
            ["积石山", "积石山县"]
        );
        assert_eq!(forms("龙胜各族自治县", 450328), ["龙胜", "龙胜县"]);
        assert_eq!(forms("鄂温克族自治旗", 150724), ["鄂温克", "鄂温克族"]);
        assert_eq!(forms("东乡族自治县", 622926), ["东乡", "东乡族"]);
    }

    #[test]
    fn banners_and_leagues_have_abbreviations() {
        let abbr = |name: &str, code| {
            let mut f = forms(name, code);
            f.retain(|s| s.ends_with('旗') || s.ends_with('盟'));
            f
        };
        assert_eq!(abbr("东乌珠穆沁旗", 152525), ["东乌旗"]);
        assert_eq!(abbr("科尔沁左翼中旗", 150521), ["科左中旗"]);
        assert_eq!(abbr("科尔沁右翼前旗", 152221), ["科右前旗"]);
        assert_eq!(abbr("察哈尔右翼前旗", 150926), ["察右前旗"]);
        assert_eq!(abbr("阿拉善左旗", 152921), ["阿左旗"]);
        assert_eq!(abbr("乌拉特前旗", 150823), ["乌前旗"]);
        assert_eq!(abbr("鄂托克前旗", 150623), ["鄂前旗"]);
        assert_eq!(abbr("土默特右旗", 150221), ["土右旗"]);
        assert_eq!(abbr("杭锦后旗", 150826), ["杭后旗"]);
        assert_eq!(abbr("阿拉善盟", 152900), ["阿盟"]);
        // one part only, or an autonomous banner: no abbreviation
        assert!(abbr("准格尔旗", 150622).is_empty());
        assert!(abbr("镶黄旗", 152528).is_empty());
        assert!(abbr("正镶白旗", 152529).is_empty());
        assert!(abbr("鄂温克族自治旗", 150724).is_empty());
        // the rule also gives 兴盟 for 兴安盟, rarely written but no other unit's
        assert_eq!(abbr("兴安盟", 152200), ["兴盟"]);
    }

    #[test]
    fn plain_units_lose_their_suffix() {
        assert_eq!(forms("西乌珠穆沁旗", 152526), ["西乌旗", "西乌珠穆沁"]);
        assert_eq!(forms("北京市", 110000), ["北京"]);
        assert_eq!(forms("香港特别行政区", 810000), ["香港"]);
        assert_eq!(forms("浦东新区", 310115), ["浦东"]);
        assert_eq!(forms("清新区", 441803), ["清新"]);
        assert_eq!(forms("神农架林区", 429021), ["神农架"]);
        assert_eq!(forms("万柏林区", 140109), ["万柏林"]);
        assert_eq!(forms("六枝特区", 520203), ["六枝"]);
        assert_eq!(forms("锡林郭勒盟", 152500), ["锡林郭勒", "锡盟"]);
        assert!(forms("忠县", 500233).is_empty());
        assert!(forms("城区", 140302).is_empty());
        assert!(forms("芒市", 533103).is_empty());
    }
}
