import { guardedLookup, isForbiddenAddress, urlProblem } from './network-guard';

describe('outbound webhook network guard', () => {
  it('refuses loopback, private, link-local, metadata and unspecified addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, false]);
    }
    expect(isForbiddenAddress('not an address')).toBe(true);
  });

  it('checks URLs when they are saved', () => {
    const strict = { allowPrivate: false, requireHttps: true };
    expect(urlProblem('https://hooks.example.com/in', strict)).toBeNull();
    expect(urlProblem('http://hooks.example.com/in', strict)).toBe('must use https');
    expect(urlProblem('http://hooks.example.com/in', { ...strict, requireHttps: false })).toBeNull();
    expect(urlProblem('ftp://hooks.example.com', strict)).toBe('must be an http(s) URL');
    expect(urlProblem('https://127.0.0.1/x', strict)).toMatch(/private/);
    expect(urlProblem('https://[::1]/x', strict)).toMatch(/private/);
    expect(urlProblem('https://localhost/x', strict)).toMatch(/local host/);
    expect(urlProblem('https://user:pw@example.com/x', strict)).toMatch(/password/);
    expect(urlProblem('nonsense', strict)).toBe('must be an absolute URL');
    expect(urlProblem('https://127.0.0.1/x', { allowPrivate: true, requireHttps: true })).toBeNull();
    // With private networks allowed, an on-premises receiver may use http even where https is required.
    expect(urlProblem('http://10.1.2.3:8080/x', { allowPrivate: true, requireHttps: true })).toBeNull();
    expect(urlProblem('http://hooks.example.com/x', { allowPrivate: true, requireHttps: true })).toBe('must use https');
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error?.message).toMatch(/localhost resolves to .* private, loopback or link-local/);
    const allowed = await new Promise<string | null>((resolve) => guardedLookup(true)('localhost', {}, (err, address) => resolve(err ? null : String(address))));
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
