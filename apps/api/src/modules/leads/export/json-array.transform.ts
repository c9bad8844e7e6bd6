import { Transform } from 'node:stream';

const OPEN = Buffer.from('[\n');
const SEPARATOR = Buffer.from(',\n');
const NEWLINE = 0x0a;

// NDJSON bytes in, one JSON array out, without parsing: a newline always ends a row because JSON text
// from PostgreSQL never holds a raw one. Chunks split rows anywhere, so a row's newline is held back
// until the next row's first byte shows whether a separator or the closing bracket follows.
export function jsonArrayTransform(): Transform {
  let opened = false;
  let rowEnded = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      if (!opened) {
        parts.push(OPEN);
        opened = true;
      }
      let start = 0;
      while (start < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, start);
        const end = newline === -1 ? chunk.length : newline;
        if (end > start) {
          if (rowEnded) parts.push(SEPARATOR);
          rowEnded = false;
          parts.push(chunk.subarray(start, end));
        }
        if (newline === -1) break;
        rowEnded = true;
        start = newline + 1;
      }
      done(null, Buffer.concat(parts));
    },
    flush(done) {
      done(null, Buffer.from(`${opened ? '' : '[\n'}${rowEnded ? '\n' : ''}]\n`));
    },
  });
}
