import { escapeIdentifier, type Client } from 'pg';

// What the snapshot reads from the catalog: the tables of the public schema with their columns, and the
// sequences. Tables that are not data are left out: `migrations` (the restore re-runs the migrations) and
// `backup_runs` (this server's own history of backups, not the data it backs up).
export const NOT_BACKED_UP = ['migrations', 'backup_runs'];

export interface TableShape {
  name: string;
  columns: string[];
}

export interface SequenceValue {
  name: string;
  // null: never used (nextval() will answer its start value).
  lastValue: string | null;
}

export async function listTables(client: Client): Promise<TableShape[]> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> ALL($1)
      GROUP BY c.relname
      ORDER BY c.relname`,
    [NOT_BACKED_UP],
  );
  return rows.map((r) => ({ name: r.table, columns: r.columns }));
}

export async function listSequences(client: Client): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
}

// The newest applied migration: the restore brings an empty database exactly there before loading.
export async function schemaVersion(client: Client): Promise<{ name: string; timestamp: string }> {
  const { rows } = await client.query<{ name: string; timestamp: string }>(`SELECT name, timestamp::text FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`);
  if (!rows[0]) throw new Error('the database has no applied migrations: nothing to back up');
  return rows[0];
}

// Tables ordered so that every table comes after the tables its foreign keys point to (self-references
// are fine: COPY checks them at the end of its statement).
export async function dependencyOrder(client: Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
  );
  const wanted = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows) if (wanted.has(child) && wanted.has(parent)) parents.get(child)!.add(parent);
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (!ready.length) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t)).join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      done.add(t);
    }
  }
  return ordered;
}

export const columnList = (columns: string[]) => columns.map((c) => escapeIdentifier(c)).join(', ');
export const tableName = (name: string) => `public.${escapeIdentifier(name)}`;
