import { z } from 'zod';

// Empty strings in an env file mean "unset", so defaults still apply.
const unset = (v: unknown) => (v === '' ? undefined : v);

export const envString = () => z.preprocess(unset, z.string().trim());

export const envInt = (min: number, max: number) =>
  z.preprocess(unset, z.coerce.number().int(`must be a whole number`).min(min).max(max));

export const envBool = () =>
  z.preprocess(
    unset,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

export const envList = () =>
  z.preprocess(
    unset,
    z.string().transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  );

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

// Accepts bytes ("1048576") or a unit ("1mb", "512kb").
export const envBytes = () =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'must be a size such as 1048576, 512kb or 1mb')
      .transform((v) => {
        const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v)!;
        return Math.floor(Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]);
      })
      .pipe(z.number().int().min(1024, 'must be at least 1kb')),
  );

export const envPostgresUrl = () =>
  z.preprocess(
    unset,
    z
      .string()
      .trim()
      .refine((v) => /^postgres(ql)?:\/\/.+/.test(v) && URL.canParse(v), {
        message: 'must be a postgres:// or postgresql:// URL',
      }),
  );
