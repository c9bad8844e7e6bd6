import { BackupError } from './backup-error';

// The plaintext inside the container: a sequence of frames, type (u8) | length (u32) | payload. One header,
// then per table a begin, its COPY text in data frames and an end with the row count, then a trailer.
export enum FrameType {
  Header = 1,
  TableBegin = 2,
  Data = 3,
  TableEnd = 4,
  Trailer = 5,
}

export interface Frame {
  type: FrameType;
  payload: Buffer;
}

export function frame(type: FrameType, payload: Buffer | object): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export const framePayloadJson = <T>(f: Frame): T => JSON.parse(f.payload.toString('utf8')) as T;

// Splits a byte stream into frames, as they arrive (backpressure is the consumer's pace).
export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let buffered: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 5) {
      const length = buffered.readUInt32BE(1);
      if (buffered.length < 5 + length) break;
      const type = buffered[0] as FrameType;
      if (!FrameType[type]) throw new BackupError('corrupted', `backup content has an unknown frame type ${type}`);
      yield { type, payload: buffered.subarray(5, 5 + length) };
      buffered = buffered.subarray(5 + length);
    }
  }
  if (buffered.length) throw new BackupError('corrupted', 'backup content ends inside a frame');
}
