import { z } from 'zod';

// Environment values are strings; load-config drops empty ones first, so defaults still apply to `FOO=`.

export const envString = () => z.string().trim();

export const envInt = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const envBool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envList = () =>
  z.string().transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;

// Accepts bytes ("1048576") or a unit ("1mb", "512kb").
export const envBytes = () =>
  z
    .string()
    .regex(SIZE, 'must be a size such as 1048576, 512kb or 1mb')
    .transform((v) => {
      const [, amount, unit] = SIZE.exec(v) ?? [];
      return Math.floor(Number(amount) * SIZE_UNITS[(unit ?? 'b').toLowerCase()]);
    })
    .pipe(z.number().int().min(1024, 'must be at least 1kb'));

export const envPostgresUrl = () =>
  z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/.+/.test(v) && URL.canParse(v), {
      message: 'must be a postgres:// or postgresql:// URL',
    });

export const envEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
