import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

const startTimeOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('lockDataDir', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotleads-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes its owner and removes the file on release', async () => {
    const lock = await lockDataDir(dir);
    await expect(readFile(join(dir, 'hotleads.lock'), 'utf8').then(JSON.parse)).resolves.toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(join(dir, 'hotleads.lock'))).toBe(false);
  });

  it('refuses while the owner runs', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(join(dir, 'hotleads.lock'), JSON.stringify({ pid: other.pid, started: startTimeOf(other.pid!) }));
      await expect(lockDataDir(dir)).rejects.toThrow(`another Hot Leads (pid ${other.pid}) is using DATA_DIR ${dir}`);
    } finally {
      other.kill();
    }
  });

  it('takes over from an owner that is gone, or whose pid now belongs to another process', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    await writeFile(join(dir, 'hotleads.lock'), JSON.stringify({ pid: gone.pid }));
    (await lockDataDir(dir)).release();

    // pid 1 runs, but not since the start time the lock file recorded: a recycled pid.
    await writeFile(join(dir, 'hotleads.lock'), JSON.stringify({ pid: 1, started: 'another-start' }));
    const lock = await lockDataDir(dir);
    await expect(readFile(join(dir, 'hotleads.lock'), 'utf8').then(JSON.parse)).resolves.toMatchObject({ pid: process.pid });
    lock.release();
  });
});
