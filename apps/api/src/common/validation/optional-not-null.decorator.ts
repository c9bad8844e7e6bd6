import { ValidateIf } from 'class-validator';

// For a field of a change (PATCH) that has no "empty" state: absent means "leave as is" and skips
// validation, while `null` is validated like any other value and refused with the field named (where
// @IsOptional would let it through to a NOT NULL column). Use it instead of @IsOptional in every update DTO.
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
