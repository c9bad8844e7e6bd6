import { Transform } from 'class-transformer';

// A URL query string as stored: trimmed, without a leading `?`. Other types pass through for the validators to refuse.
export const QueryString = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/^\?/, '') : value));
