import { ValidateIf } from 'class-validator';

// For a field of a change (PATCH) that may be empty: absent leaves it as is, `null` clears it, and any
// other value is validated. Document the field `nullable` in the OpenAPI schema beside it.
export const NullClears = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);
