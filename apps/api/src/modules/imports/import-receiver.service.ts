import { finished, PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpException, Injectable } from '@nestjs/common';
import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TenantDb } from '../../common/db/tenant-db.service';
import { decodeChunks, sniffDelimiter, type CsvDelimiter, type CsvEncoding } from './csv-sniff';
import { ImportFileUnreadableException } from './import-file-unreadable.exception';
import { HEADER_ROW, ImportsRepository } from './imports.repository';
import { UPLOAD_COPY_SQL, uploadCopyLine } from './staging-copy';

// Uploads are streamed into PostgreSQL, never held in memory, so their size is bounded here rather
// than by BODY_LIMIT.
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export interface ReceiveOptions {
  delimiter?: CsvDelimiter;
  encoding: CsvEncoding;
}

export interface Received {
  header: string[];
  // Data rows, the unreadable ones included.
  totalRows: number;
  unreadableRows: number;
}

interface ParsedRow {
  row: number;
  fields: string[];
}

// A record this large means an open quote ran on through the file: row boundaries are lost.
const MAX_RECORD_CHARS = 1 << 20;
// Enough text to hold the header line, for guessing the delimiter.
const HEAD_CHARS = 64 * 1024;
const COPY_CHUNK_CHARS = 64 * 1024;
// Rejected rows wait in memory until the next good row carries them into COPY; this many in a row
// means the upload is not CSV at all.
const MAX_PENDING_REJECTS = 50_000;

// Receives an upload into the staging table: bytes -> text -> CSV records -> COPY lines, one
// backpressured pipeline on one connection, so memory does not grow with the file. COPY goes to a
// temporary table (see UPLOAD_TABLE_SQL) where the header is row 0 and a row the parser rejected is its
// negative row number with the message; one transaction then moves the rows to lead_import_rows and the
// rejects to lead_import_errors.
@Injectable()
export class ImportReceiverService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: ImportsRepository,
  ) {}

  async receive(tenantId: string, importId: string, upload: Readable, options: ReceiveOptions): Promise<Received> {
    // One tenant transaction: the COPY runs on its raw client, the moves through the repository.
    return this.db.withClient(tenantId, async (client, m) => {
      await this.repository.createUploadTable(m);
      const received = await this.stage(client, upload, options);
      await this.repository.moveUpload(m, tenantId, importId);
      return received;
    });
  }

  private async stage(client: PoolClient, upload: Readable, options: ReceiveOptions): Promise<Received> {
    // The pipeline reads a pass-through copy: on a failure it is torn down while the upload itself is
    // drained, so the client still gets an answer instead of a reset connection.
    const body = new PassThrough();
    upload.pipe(body);
    const stopWatching = finished(upload, (error) => {
      if (error) body.destroy(error);
    });
    const state: StageState = { header: null, records: 0, dataRows: 0, unreadableRows: 0, rejected: [] };
    try {
      const text = decodeChunks(body, options.encoding, MAX_UPLOAD_BYTES);
      let head = '';
      while (!/[\r\n]/.test(head) && head.length < HEAD_CHARS) {
        const next = await text.next();
        if (next.done) break;
        head += next.value;
      }
      const source = async function* () {
        if (head) yield head;
        yield* text;
      };
      const parser = csvParser(options.delimiter ?? sniffDelimiter(head), state);
      const toCopy = copyLines(state);
      await pipeline(source, parser, toCopy, client.query(copyFrom(UPLOAD_COPY_SQL)));
    } catch (error) {
      upload.unpipe(body);
      body.destroy();
      upload.resume();
      throw unwrapParserError(error);
    } finally {
      stopWatching();
    }
    if (state.header === null) throw new ImportFileUnreadableException('the file is empty: it needs a header row');
    return { header: state.header, totalRows: state.dataRows, unreadableRows: state.unreadableRows };
  }
}

interface StageState {
  header: string[] | null;
  // Records seen so far (read or rejected), the header included.
  records: number;
  dataRows: number;
  unreadableRows: number;
  // Rejected rows wait here until the next good row (or the end) carries them into COPY.
  rejected: ParsedRow[];
}

function rejectRow(state: StageState, row: number, message: string): void {
  if (state.rejected.length >= MAX_PENDING_REJECTS) {
    throw new ImportFileUnreadableException(`more than ${MAX_PENDING_REJECTS} rows in a row could not be read; is this a CSV file?`);
  }
  state.unreadableRows += 1;
  state.rejected.push({ row: -row, fields: [message] });
}

function csvParser(delimiter: CsvDelimiter, state: StageState): Transform {
  const options: Options<ParsedRow, string[]> = {
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    // Row numbers as a spreadsheet shows them: blank lines count, a quoted multi-line cell does not.
    on_record: (fields: string[], info: InfoRecord): ParsedRow | null => {
      state.records += 1;
      const row = state.records + info.empty_lines;
      if (state.header === null) {
        state.header = fields;
        return { row: HEADER_ROW, fields };
      }
      state.dataRows += 1;
      // Trailing empty cells are common in spreadsheet exports; values beyond the header are not.
      if (fields.length > state.header.length && fields.slice(state.header.length).some((f) => f.trim() !== '')) {
        rejectRow(state, row, `row ${row} has ${fields.length} fields but the header has ${state.header.length}`);
        return null;
      }
      return { row, fields };
    },
    on_skip: (error: CsvError | undefined) => {
      state.records += 1;
      const row = state.records + Number(error?.empty_lines ?? 0);
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        throw new ImportFileUnreadableException(`row ${row} is longer than ${MAX_RECORD_CHARS} characters; is a quote left open?`);
      }
      if (state.header === null) throw new ImportFileUnreadableException(`the header row cannot be read: ${error?.message ?? 'invalid CSV'}`);
      state.dataRows += 1;
      rejectRow(state, row, error?.message ?? 'the row cannot be read');
      return undefined;
    },
  };
  // The typings only let on_record change the record's type together with `columns`; we keep arrays.
  return parse(options as unknown as Options);
}

// Lines are sent in chunks of about COPY_CHUNK_CHARS: one CopyData message per row would cost more
// than the row itself.
function copyLines(state: StageState): Transform {
  let pending = '';
  const drainRejected = () => {
    for (const r of state.rejected.splice(0)) pending += uploadCopyLine(r.row, r.fields);
  };
  return new Transform({
    writableObjectMode: true,
    transform(record: ParsedRow, _encoding, done) {
      drainRejected();
      pending += uploadCopyLine(record.row, record.fields);
      if (pending.length < COPY_CHUNK_CHARS) return done();
      const chunk = pending;
      pending = '';
      done(null, chunk);
    },
    flush(done) {
      drainRejected();
      done(null, pending || undefined);
    },
  });
}

// csv-parse wraps an error thrown from its callbacks in its own; ours carries the message for the user.
function unwrapParserError(error: unknown): unknown {
  if (error instanceof HttpException) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof HttpException ? cause : error;
}
