import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from 'pg';

const run = promisify(execFile);

export async function pgServerMajor(client: Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(rows[0].v) / 10000);
}

// pg_dump or pg_restore from PG_BIN_DIR or PATH, refused unless its major version can read the server:
// pg_dump cannot dump a newer server, and an archive from a newer pg_dump may not restore.
export async function pgDumpCommand(tool: 'pg_dump' | 'pg_restore', binDir: string | undefined, serverMajor: number): Promise<string> {
  const command = binDir ? join(binDir, tool) : tool;
  let output: string;
  try {
    output = (await run(command, ['--version'])).stdout;
  } catch {
    throw new Error(`${tool} was not found (${binDir ? `PG_BIN_DIR=${binDir}` : 'on PATH'}); install the PostgreSQL ${serverMajor} client or use the default snapshot format`);
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(output)?.[1]);
  if (!(major >= serverMajor)) throw new Error(`${tool} is version ${major}, older than the server (${serverMajor}); point PG_BIN_DIR at the PostgreSQL ${serverMajor} client or use the default snapshot format`);
  return command;
}
