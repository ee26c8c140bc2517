//! Scoring and encoding postings: each posting's BM25 impact (title and
//! heading boosts included) quantised to five bits, and a term's postings
//! written page after page in the six-bit alphabet of `encode.rs`.

use super::super::encode::{push_digit, push_varint};
use super::terms::{Counts, Posting};
use super::{B, HEADING_WEIGHT, IMPACT_LEVELS, K1, MAX_IMPACT, TITLE_WEIGHT};

/// `x.round()` for `0 <= x < 2^32`, without the call into the maths library that
/// `round` is on a processor not known to have SSE4.1 (one per posting). The same
/// result: `x - t` is exact, as `t <= x < t + 1 <= 2t` (or `t` is 0).
pub(super) fn round_positive(x: f64) -> f64 {
    let t = x as u32 as f64;
    if x - t >= 0.5 { t + 1.0 } else { t }
}

/// The quantised BM25 impact of a term on a page, with its title and heading boosts.
pub(super) fn impact(counts: Counts, norm: f64) -> u8 {
    let tf = counts.body as f64;
    let body = if tf > 0.0 {
        tf * (K1 + 1.0) / (tf + norm)
    } else {
        0.0
    };
    let title = if counts.title { TITLE_WEIGHT } else { 0.0 };
    let heading = if counts.heading { HEADING_WEIGHT } else { 0.0 };
    round_positive((body + title + heading) / MAX_IMPACT * IMPACT_LEVELS).clamp(1.0, IMPACT_LEVELS)
        as u8
}

/// Impacts by page: BM25's length normalisation of each page, and the impacts of
/// the commonest postings (one to four times in the body, not in the title or a
/// heading) worked out once a page instead of once a posting.
pub(super) struct Impacts {
    pub(super) norms: Vec<f64>,
    pub(super) common: Vec<[u8; COMMON_TF]>,
}

pub(super) const COMMON_TF: usize = 4;

/// The average body length BM25 normalises by, rounded to five significant bits
/// (at most 1/32 off): the ranking is as good, and an edit that adds or removes a
/// sentence almost never moves it, so that the postings of the pages it did not
/// touch keep their impacts and an edit updates only the files of its own terms
/// (`update.rs`; when it does move, the whole index is made again).
pub(super) fn average_length(lens: &[u32]) -> f64 {
    let sum: u64 = lens.iter().map(|&l| l as u64).sum();
    quantised_average(sum, lens.len())
}

/// [`average_length`] of `n` pages of `sum` words and characters in all.
pub(super) fn quantised_average(sum: u64, n: usize) -> f64 {
    let avg = (sum as f64 / n.max(1) as f64).max(1.0);
    let step = 2f64.powi(avg.log2().floor() as i32 - 4);
    (round_positive(avg / step) * step).max(1.0)
}

impl Impacts {
    pub(super) fn new(lens: &[u32]) -> Impacts {
        let avg_len = average_length(lens);
        let norms: Vec<f64> = lens
            .iter()
            .map(|&len| K1 * (1.0 - B + B * len as f64 / avg_len))
            .collect();
        let common = norms
            .iter()
            .map(|&norm| {
                std::array::from_fn(|i| {
                    let body = (i + 1) as u16;
                    impact(
                        Counts {
                            body,
                            title: false,
                            heading: false,
                        },
                        norm,
                    )
                })
            })
            .collect();
        Impacts { norms, common }
    }

    #[inline]
    pub(super) fn level(&self, p: &Posting) -> u8 {
        let Counts {
            body,
            title,
            heading,
        } = p.counts;
        match body as usize {
            tf @ 1..=COMMON_TF if !title && !heading => self.common[p.doc as usize][tf - 1],
            _ => impact(p.counts, self.norms[p.doc as usize]),
        }
    }
}

/// Postings, one page after another: a character whose low five bits are the
/// quantised BM25 impact and whose sixth bit says "the next page number"; without that
/// bit, the gap to the previous page number (the first counted from -1) follows as a
/// varint. A term on most pages so costs about one byte a page.
pub(super) fn encode_postings(
    postings: impl Iterator<Item = impl std::borrow::Borrow<Posting>>,
    count: usize,
    impacts: &Impacts,
) -> String {
    let mut out = String::with_capacity(count * 2);
    let mut prev: i64 = -1;
    for p in postings {
        let p = p.borrow();
        let level = impacts.level(p);
        let gap = (p.doc as i64 - prev) as u32;
        prev = p.doc as i64;
        if gap == 1 {
            push_digit(&mut out, 32 | level);
        } else {
            push_digit(&mut out, level);
            push_varint(&mut out, gap);
        }
    }
    out
}
