import { Transform } from 'class-transformer';
import { normaliseTags } from '../leads/lead-rules';

export const FORM_LIMITS = { name: 100, origins: 20, redirectUrls: 20, url: 2000, tags: 20, tag: 50, consentLabel: 500, consentPolicyVersion: 50 } as const;

// scheme://host[:port], nothing after: exactly what a browser sends in its Origin header.
export const ORIGIN_PATTERN = /^https?:\/\/[^/?#@\s]+$/i;

// Browsers send origins lower-cased and without a default port; store them the same way so that an
// exact comparison with the Origin header works. Anything that is not an origin is left for the validator.
export function normaliseOrigin(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!ORIGIN_PATTERN.test(trimmed) || !URL.canParse(trimmed)) return trimmed;
  return new URL(trimmed).origin;
}

export const TrimmedText = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export const NormalisedOrigins = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(normaliseOrigin) : value));

// Trimmed, blank ones dropped, duplicates (ignoring case) removed.
export const NormalisedTags = () =>
  Transform(({ value }: { value: unknown }) => {
    if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) return value;
    return normaliseTags(value as string[]);
  });
