import { Inject, Injectable, Optional } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import { Semaphore } from './semaphore';

// @node-rs/argon2 rather than the argon2 package: the same hashes for about 40% less CPU each, and no
// native build on Node 20 (docs/decisions/0011-framework-packages.md).

// OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): about 25 ms per hash on a current core.
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_HASHER_OPTIONS = Symbol('PASSWORD_HASHER_OPTIONS');

export interface PasswordHasherOptions {
  maxConcurrent?: number;
}

// Hash of a random, discarded password made with ARGON2_PARAMS; the spec fails if the two drift apart.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$4RMFtRcoBrEJeDJpBPbtyg$XwUrjIkZwOAv78ieDHgJa3pRFWko0SZJsI3tgvtoChs';

const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

@Injectable()
export class PasswordHasher {
  private readonly limit: Semaphore;

  constructor(@Optional() @Inject(PASSWORD_HASHER_OPTIONS) options: PasswordHasherOptions | null = null) {
    // Each operation holds 19 MiB and a libuv thread: a login burst must queue, not exhaust memory.
    this.limit = new Semaphore(options?.maxConcurrent ?? Math.max(2, availableParallelism()));
  }

  get pending(): number {
    return this.limit.pending;
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => hash(password, { ...ARGON2_PARAMS, algorithm: Algorithm.Argon2id }));
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await this.limit.run(() => verify(hashed, password));
    } catch {
      // A malformed or foreign hash is simply not a match; the caller decides whether that is worth logging.
      return false;
    }
  }

  needsRehash(hashed: string): boolean {
    const match = PHC.exec(hashed);
    if (!match) return true;
    const [, algorithm, version, m, t, p] = match;
    return (
      algorithm !== 'argon2id' ||
      Number(version) < 19 ||
      Number(m) < ARGON2_PARAMS.memoryCost ||
      Number(t) < ARGON2_PARAMS.timeCost ||
      Number(p) < ARGON2_PARAMS.parallelism
    );
  }

  // Run when the account does not exist, so the response time does not reveal which emails are registered.
  async verifyDummy(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }
}
