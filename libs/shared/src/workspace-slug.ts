// A workspace's slug is the first label of its host name (`{slug}.{BASE_DOMAIN}`), so it follows DNS
// label rules; the API enforces these and the admin app shows the same messages as the owner types.

export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;

// Names that stay with the service itself (its own hosts, mail, well-known sub-domains).
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'www', 'api', 'app', 'admin', 'administrator', 'auth', 'login', 'signin', 'signup', 'sso', 'oauth', 'id',
  'mail', 'email', 'smtp', 'imap', 'pop', 'mx', 'ftp', 'ns', 'ns1', 'ns2', 'dns', 'cdn', 'static', 'assets',
  'status', 'help', 'support', 'docs', 'blog', 'billing', 'account', 'accounts', 'dashboard', 'hotleads',
  'root', 'system', 'test', 'dev', 'staging', 'localhost', 'webhooks', 'hooks', 'forms', 'public', 'internal',
]);

export const SLUG_MESSAGES = {
  length: `Use ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} characters.`,
  characters: 'Use lower-case letters, digits and hyphens only, starting and ending with a letter or digit.',
  reserved: 'This address is reserved; choose another one.',
} as const;

// The reason a slug cannot be used, or null when it can (uniqueness is the API's to check).
export function slugProblem(slug: string): string | null {
  if (slug.length < SLUG_MIN_LENGTH || slug.length > SLUG_MAX_LENGTH) return SLUG_MESSAGES.length;
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(slug) || slug.includes('--')) return SLUG_MESSAGES.characters;
  if (RESERVED_SLUGS.has(slug)) return SLUG_MESSAGES.reserved;
  return null;
}

// A slug proposed from a workspace name: accents dropped, anything else between words becomes a hyphen.
// It may still be reserved or taken; the caller adds a suffix then.
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH - 7)
    .replace(/-+$/, '');
  return base.length >= SLUG_MIN_LENGTH ? base : `${base || 'workspace'}${base ? '-team' : ''}`;
}
