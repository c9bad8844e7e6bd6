import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config.error';

const FILE = 'hotleads.lock';

interface LockOwner {
  pid: number;
  // The owner's start time (Linux: /proc/<pid>/stat field 22), so a recycled pid is not mistaken for it.
  started?: string;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(owner.pid);
  return !owner.started || !started || owner.started === started;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  release(): void;
}

// One Hot Leads process per DATA_DIR with the embedded server: the lock file names its owner, and a
// second process refuses to start while that owner runs. A lock whose owner is gone (SIGKILL, power
// loss) is taken over, and only then is a leftover PostgreSQL on the directory stopped.
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const path = join(dir, FILE);
  const me: LockOwner = { pid: process.pid, started: startTimeOf(process.pid) };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return {
        release: () => {
          // Synchronous: it also runs from process.on('exit').
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
            if (owner.pid === me.pid) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConfigError(`DATA_DIR ${dir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    const owner = await readOwner(path);
    if (owner && owner.pid !== process.pid && isRunning(owner)) {
      throw new ConfigError(`another Hot Leads (pid ${owner.pid}) is using DATA_DIR ${dir}; stop it first or choose another DATA_DIR`);
    }
    if (!owner) {
      // Just created by another process that has not written its pid yet?
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs).catch(() => Infinity);
      if (age < 2_000) throw new ConfigError(`another Hot Leads is starting on DATA_DIR ${dir}`);
    }
    // The owner is gone (or the file is unreadable, e.g. half-written at a crash): take the lock over.
    await unlink(path).catch(() => undefined);
  }
  throw new ConfigError(`could not lock DATA_DIR ${dir} (${path} keeps coming back)`);
}
