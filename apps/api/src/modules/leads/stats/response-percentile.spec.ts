import { bucketSeconds, percentileFromBuckets } from './response-percentile';

// The SQL bucket of a duration (lead_response_bucket): floor(ln(max(secs, 1)) / ln(1.05)).
const bucketOf = (seconds: number) => Math.floor(Math.log(Math.max(seconds, 1)) / Math.log(1.05));

function bucketed(durations: number[]) {
  const counts = new Map<number, number>();
  for (const d of durations) counts.set(bucketOf(d), (counts.get(bucketOf(d)) ?? 0) + 1);
  return [...counts].map(([bucket, count]) => ({ bucket, count }));
}

describe('percentileFromBuckets', () => {
  it('answers null without durations', () => {
    expect(percentileFromBuckets([], 0.5)).toBeNull();
    expect(percentileFromBuckets([{ bucket: 3, count: 0 }], 0.9)).toBeNull();
  });

  it('picks the nearest-rank bucket and answers its middle', () => {
    // 10 durations in bucket 10, 10 in bucket 20: the median is the 10th, p90 the 18th.
    const buckets = [
      { bucket: 20, count: 10 },
      { bucket: 10, count: 10 },
    ];
    expect(percentileFromBuckets(buckets, 0.5)).toBe(bucketSeconds(10));
    expect(percentileFromBuckets(buckets, 0.9)).toBe(bucketSeconds(20));
    expect(percentileFromBuckets([{ bucket: 10, count: 11 }, { bucket: 20, count: 9 }], 0.5)).toBe(bucketSeconds(10));
    expect(percentileFromBuckets([{ bucket: 10, count: 9 }, { bucket: 20, count: 11 }], 0.5)).toBe(bucketSeconds(20));
  });

  it('does not let floating point push the rank past an exact boundary', () => {
    // 30 * 0.9 = 27: the 27th duration is the last one in bucket 1.
    expect(percentileFromBuckets([{ bucket: 1, count: 27 }, { bucket: 50, count: 3 }], 0.9)).toBe(bucketSeconds(1));
  });

  it('stays within 5% of the exact percentile of the durations', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const durations = Array.from({ length: 5_000 }, () => Math.round(30 + random() * random() * 86_400));
    const sorted = [...durations].sort((a, b) => a - b);
    for (const p of [0.5, 0.9]) {
      const exact = sorted[Math.ceil(p * sorted.length) - 1];
      const approx = percentileFromBuckets(bucketed(durations), p)!;
      expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.05);
    }
  });

  it('puts durations under a second (or negative, from clock skew) in bucket 0', () => {
    expect(percentileFromBuckets(bucketed([0, -5, 0.5]), 0.5)).toBe(1);
  });
});
