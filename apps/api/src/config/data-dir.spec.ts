import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir } from './data-dir';

describe('prepareDataDir', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'hotleads-datadir-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(['/proc/hotleads', '/sys/hotleads/data', '/dev/hotleads'])('refuses %s at once, naming the kernel file system', async (path) => {
    await expect(prepareDataDir(path)).rejects.toThrow(/is under \/(proc|sys|dev), a kernel file system/);
  });

  it('refuses a path that reaches /proc through a symlink', async () => {
    await symlink('/proc', join(root, 'link'));
    await expect(prepareDataDir(join(root, 'link', 'data'))).rejects.toThrow(/is under \/proc/);
  });

  it('creates missing folders, and undo removes them with what the start put inside', async () => {
    const path = join(root, 'a', 'b');
    const prepared = await prepareDataDir(path);
    expect(existsSync(path)).toBe(true);
    await mkdir(join(path, 'postgres'));
    await writeFile(join(path, 'secrets.json'), '{}');
    await prepared.undo();
    expect(existsSync(join(root, 'a'))).toBe(false);
  });

  it('keeps what existed before the start', async () => {
    await mkdir(join(root, 'postgres'));
    await writeFile(join(root, 'secrets.json'), '{}');
    await writeFile(join(root, 'notes.txt'), 'mine');
    const prepared = await prepareDataDir(root);
    await prepared.undo();
    expect(existsSync(join(root, 'postgres'))).toBe(true);
    expect(existsSync(join(root, 'secrets.json'))).toBe(true);
    expect(existsSync(join(root, 'notes.txt'))).toBe(true);
  });

  it('names the cause when a folder cannot be created', async () => {
    await writeFile(join(root, 'file'), 'not a folder');
    await expect(prepareDataDir(join(root, 'file', 'data'))).rejects.toThrow(/cannot be created or written \(ENOTDIR\)/);
  });
});
