// How every stored email address is compared and kept: staff accounts, invitations, leads.
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}
