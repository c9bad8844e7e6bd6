import { constants, existsSync } from 'node:fs';
import { access, mkdir, realpath, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './config.error';

// Kernel file systems: creating folders there fails in odd ways (a recursive mkdir under /proc never ends).
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

const isUnder = (path: string, root: string) => path === root || path.startsWith(root + sep);

export interface PreparedDataDir {
  path: string;
  // Removes what this start made in DATA_DIR (folders, the cluster, secrets.json), so a failed first
  // start leaves nothing half-made behind. Whatever existed before this start is kept.
  undo(): Promise<void>;
}

// Checks DATA_DIR before anything is written there: not on a kernel file system, creatable folder by
// folder (so a failure names its cause at once), writable. Remembers what it and the rest of this start
// create, for undo().
export async function prepareDataDir(dataDir: string): Promise<PreparedDataDir> {
  const path = resolve(dataDir);
  const missing: string[] = [];
  let existing = path;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  // Through symlinks too: a link to /proc is /proc.
  const real = join(await realpath(existing).catch(() => existing), relative(existing, path));
  const root = VIRTUAL_ROOTS.find((r) => isUnder(path, r) || isUnder(real, r));
  if (root) throw new ConfigError(`DATA_DIR ${path} is under ${root}, a kernel file system; choose a folder on disk`);

  const created: string[] = [];
  const preexisting = new Set(['postgres', 'secrets.json'].filter((name) => existsSync(join(path, name))));
  const undo = async () => {
    for (const name of ['postgres', 'secrets.json']) {
      if (!preexisting.has(name)) await rm(join(path, name), { recursive: true, force: true }).catch(() => undefined);
    }
    for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined);
  };
  try {
    for (const dir of missing) {
      await mkdir(dir, { mode: 0o755 });
      created.push(dir);
    }
    await access(path, constants.W_OK | constants.X_OK);
  } catch (error) {
    await undo();
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`DATA_DIR ${path} cannot be created or written (${code}); choose a folder Hot Leads may write to`);
  }
  return { path, undo };
}
