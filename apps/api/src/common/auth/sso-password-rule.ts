import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProblemException } from '../problem/problem.exception';

export type PasswordRule = 'allowed' | 'refused' | 'needs_mfa';

// Whether a password may sign this user in, given the workspace's single sign-on: with "require SSO" on,
// everyone but owners is refused; owners keep a break-glass password, which then always needs MFA.
export async function ssoPasswordRule(m: EntityManager, user: { tenantId: string; roleId: string }): Promise<PasswordRule> {
  const rows: Array<{ owner: boolean }> = await m.query(
    `select (select key from roles where id = $2) = 'owner' as owner
       from sso_connections where tenant_id = $1 and enabled and require_sso`,
    [user.tenantId, user.roleId],
  );
  if (!rows.length) return 'allowed';
  return rows[0].owner ? 'needs_mfa' : 'refused';
}

// Answered only after a correct password, so it reveals nothing the password did not already prove.
export class SsoRequiredException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'sso_required';

  constructor() {
    super(SsoRequiredException.status, SsoRequiredException.code, 'Single sign-on required', {
      detail: 'This workspace signs in through its identity provider. Use the single sign-on button instead of a password.',
    });
  }
}
