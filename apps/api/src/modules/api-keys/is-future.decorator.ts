import { ValidateBy, type ValidationOptions } from 'class-validator';

// For ISO 8601 strings already checked by @IsISO8601: the instant must lie after the request.
export const IsFuture = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isFuture',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Date.parse(value) > Date.now(),
        defaultMessage: () => '$property must be in the future',
      },
    },
    options,
  );
