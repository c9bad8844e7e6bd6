import { Test } from '@nestjs/testing';
import { Algorithm, hash } from '@node-rs/argon2';
import { ARGON2_PARAMS, PASSWORD_HASHER_OPTIONS, PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and the configured parameters', async () => {
    const hashed = await hasher.hash('correct horse battery staple');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hashed = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify(hashed, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hashed, 'correct horse battery stapl')).resolves.toBe(false);
  });

  it('verifies stored PHC hashes whichever argon2 implementation made them', async () => {
    // Made with the same parameters by @node-rs/argon2 2.2.1 (ours) and by the reference C implementation
    // (the argon2 npm package, 0.44.0): hashes move between implementations in both directions.
    const stored = [
      '$argon2id$v=19$m=19456,t=2,p=1$XogDyPJdOyJs/s4EkhWS8g$dUlwL+bYT/WwLSAviVVEVO2aPo+Wo8OmVwd418w0tTA',
      '$argon2id$v=19$m=19456,t=2,p=1$QyswyfV3Wd2o//mzauV+ew$0gsWo350HhhYOm05lNePSZ2APHqIa/TjlqZW0YnBSTY',
    ];
    for (const hashed of stored) {
      await expect(hasher.verify(hashed, 'correct horse battery staple')).resolves.toBe(true);
      await expect(hasher.verify(hashed, 'correct horse battery stapler')).resolves.toBe(false);
      expect(hasher.needsRehash(hashed)).toBe(false);
    }
  });

  it('answers false, without throwing, for a malformed or foreign hash', async () => {
    for (const bad of ['', 'garbage', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', '$argon2id$v=19$m=19456,t=2,p=1$abc$def']) {
      await expect(hasher.verify(bad, 'whatever')).resolves.toBe(false);
    }
  });

  it('asks for a rehash of weaker or foreign hashes only', async () => {
    expect(hasher.needsRehash(await hasher.hash('a password'))).toBe(false);
    const weaker = await hash('a password', { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
    expect(weaker).toContain('$m=4096,');
    expect(hasher.needsRehash(weaker)).toBe(true);
    expect(hasher.needsRehash('$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo')).toBe(true);
    expect(hasher.needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo')).toBe(true);
    expect(hasher.needsRehash('$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo')).toBe(true);
    expect(hasher.needsRehash('$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo')).toBe(false);
    expect(hasher.needsRehash('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW')).toBe(true);
    expect(hasher.needsRehash('')).toBe(true);
  });

  it('runs a dummy verification that always fails', async () => {
    await expect(hasher.verifyDummy('correct horse battery staple')).resolves.toBe(false);
    await expect(hasher.verifyDummy('')).resolves.toBe(false);
  });

  it('makes the dummy verification cost as much as a real one', async () => {
    // The dummy hash is a constant: if ARGON2_PARAMS change, regenerate it with hasher.hash(randomToken()).
    const spy = jest.spyOn(hasher, 'verify');
    await hasher.verifyDummy('x');
    const [dummyHash] = spy.mock.calls[0];
    spy.mockRestore();
    expect(hasher.needsRehash(dummyHash)).toBe(false);
    expect(dummyHash).toMatch(`$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`);
  });

  it('runs at most maxConcurrent operations at once and completes the queue', async () => {
    const limited = new PasswordHasher({ maxConcurrent: 2 });
    const hashes = Promise.all(Array.from({ length: 6 }, (_, i) => limited.hash(`password number ${i}`)));
    // Two started immediately, the rest wait their turn.
    expect(limited.pending).toBe(4);
    const done = await hashes;
    expect(new Set(done).size).toBe(6);
    expect(limited.pending).toBe(0);
  });

  it('queues verifications, dummy ones included, behind the same cap', async () => {
    const limited = new PasswordHasher({ maxConcurrent: 1 });
    const hashed = await limited.hash('password number 1');
    const work = Promise.all([limited.verify(hashed, 'password number 1'), limited.verify(hashed, 'nope'), limited.verifyDummy('x')]);
    expect(limited.pending).toBe(2);
    await expect(work).resolves.toEqual([true, false, false]);
  });

  it('can be resolved by Nest with or without options', async () => {
    const plain = await Test.createTestingModule({ providers: [PasswordHasher] }).compile();
    expect(plain.get(PasswordHasher)).toBeInstanceOf(PasswordHasher);
    const configured = await Test.createTestingModule({
      providers: [PasswordHasher, { provide: PASSWORD_HASHER_OPTIONS, useValue: { maxConcurrent: 1 } }],
    }).compile();
    const single = configured.get(PasswordHasher);
    const work = Promise.all([single.hash('password one'), single.hash('password two')]);
    expect(single.pending).toBe(1);
    await work;
  });
});
