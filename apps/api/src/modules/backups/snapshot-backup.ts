import type { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { FrameType, frame } from './snapshot-frames';
import { columnList, dependencyOrder, listSequences, listTables, schemaVersion, tableName, type SequenceValue, type TableShape } from './snapshot-schema';

export const SNAPSHOT_FORMAT = 'hotleads-snapshot';
export const SNAPSHOT_FORMAT_VERSION = 1;

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: number;
  createdAt: string;
  schemaVersion: { name: string; timestamp: string };
  tables: TableShape[];
  sequences: SequenceValue[];
}

export interface SnapshotResult {
  header: SnapshotHeader;
  rowCounts: Record<string, number>;
}

// Opens the one snapshot every table is read in. Row-level security is switched off rather than widened:
// for a role that may bypass it (the owner of the embedded server, a superuser or BYPASSRLS role) nothing is
// hidden, and for one that may not, PostgreSQL raises an error instead of silently leaving rows out.
// REPEATABLE READ READ ONLY is enough for one consistent view; DEFERRABLE only means something with
// SERIALIZABLE, where it could wait behind running writers, so it is not asked for.
export async function beginSnapshot(client: Client): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query('SET LOCAL row_security = off');
}

// Written in the order a restore loads them (parents before the tables whose foreign keys point at them),
// so the restore can stream the file straight into the database.
async function tablesInLoadOrder(client: Client): Promise<TableShape[]> {
  const tables = await listTables(client);
  const byName = new Map(tables.map((t) => [t.name, t]));
  return (await dependencyOrder(client, [...byName.keys()])).map((name) => byName.get(name)!);
}

// The snapshot as frames: header, every table's COPY text, trailer. Runs in the transaction beginSnapshot
// opened; `result` is filled in as tables are read and complete when the generator ends.
export async function* snapshotFrames(client: Client, result: Partial<SnapshotResult>): AsyncGenerator<Buffer> {
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    schemaVersion: await schemaVersion(client),
    tables: await tablesInLoadOrder(client),
    sequences: await listSequences(client),
  };
  result.header = header;
  result.rowCounts = {};
  yield frame(FrameType.Header, header);
  for (const table of header.tables) {
    yield frame(FrameType.TableBegin, { name: table.name, columns: table.columns });
    const stream = client.query(copyTo(`COPY ${tableName(table.name)} (${columnList(table.columns)}) TO STDOUT`));
    for await (const chunk of stream as AsyncIterable<Buffer>) yield frame(FrameType.Data, chunk);
    result.rowCounts[table.name] = stream.rowCount;
    yield frame(FrameType.TableEnd, { name: table.name, rows: stream.rowCount });
  }
  yield frame(FrameType.Trailer, { rowCounts: result.rowCounts });
}
