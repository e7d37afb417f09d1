//! Randomness: SplitMix64, one stream per (seed, kind, record number), so that each record's
//! choices need no other record and the same seed always gives the same bytes.

pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 = r.next() ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        r.next();
        r
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as u64
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// Streams, one per kind of choice.
pub(crate) const S_PROVIDER: u64 = 1;
pub(crate) const S_ARRANGEMENT: u64 = 2;
pub(crate) const S_LOT: u64 = 3;
pub(crate) const S_ROUND: u64 = 4;
pub(crate) const S_BID: u64 = 5;
pub(crate) const S_EVALUATOR: u64 = 6;
pub(crate) const S_MARK: u64 = 7;
pub(crate) const S_CONTRACT: u64 = 8;
pub(crate) const S_ACTIVITY: u64 = 9;
pub(crate) const S_SPEND: u64 = 10;
pub(crate) const S_ADMIT: u64 = 11;
