import { PayloadTooLargeException } from '@nestjs/common';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

// Picks the candidate seen most often outside quotes in the first line (the header); comma on a tie
// or when none appears, since a one-column file has no delimiter at all.
export function sniffDelimiter(head: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export const CSV_ENCODINGS = ['utf-8', 'utf8', 'latin1', 'iso-8859-1', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

// Decodes the upload chunk by chunk (a character split across chunks is kept for the next one). The
// WHATWG decoder drops a UTF-8 BOM and reads latin1 as windows-1252, its usual superset.
export async function* decodeChunks(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  encoding: CsvEncoding,
  maxBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new PayloadTooLargeException(`The file is larger than ${maxBytes} bytes`);
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
