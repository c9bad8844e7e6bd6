import { ValidateIf } from 'class-validator';

// Like @IsOptional, but only an absent field skips validation: `null` is validated (and refused), as a
// PATCH must not store null where a value belongs.
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
