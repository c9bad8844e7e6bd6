const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

// Deepest nesting of objects and arrays a JSON body may have. Real payloads of this API stay under 5;
// anything near the limit is an attack on the recursive code that walks bodies (validation, transforms).
export const MAX_JSON_DEPTH = 32;

// One linear pass over the raw bytes, before JSON.parse: brackets inside strings do not count. UTF-8
// never uses these ASCII byte values inside a multi-byte character, so bytes are as good as characters.
// Malformed JSON is left to JSON.parse, which says so; this only answers "too deep?".
export function exceedsJsonDepth(body: Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
