// Values for an SQL `IN (...)` in a CHECK constraint, from the constants both sides share.
export const sqlInList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
