// Time to first contact is kept as counts per logarithmic bucket: bucket k holds durations in
// [1.05^k, 1.05^(k+1)) seconds (shorter ones in bucket 0), as computed by lead_response_bucket() in SQL.
export const RESPONSE_BUCKET_BASE = 1.05;

export interface BucketCount {
  bucket: number;
  count: number;
}

// The bucket's geometric middle, within 2.5% of any duration in it.
export function bucketSeconds(bucket: number): number {
  return Math.round(RESPONSE_BUCKET_BASE ** (bucket + 0.5));
}

// Nearest-rank percentile (p in (0, 1]) over the bucketed durations; null when there are none.
export function percentileFromBuckets(buckets: BucketCount[], p: number): number | null {
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  // The epsilon keeps 0.9 * 30 (27.000000000000004 in floating point) at rank 27.
  const rank = Math.max(1, Math.ceil(p * total - 1e-9));
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return bucketSeconds(b.bucket);
  }
  return bucketSeconds(sorted[sorted.length - 1].bucket);
}
