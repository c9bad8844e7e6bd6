import { BUILT_IN_ROLE_PERMISSIONS } from '@hotleads/shared';
import { assertMayGrantPermissions, assertMayGrantRole, type Grantor } from './grant-rules';
import { GrantNotAllowedException } from './grant-not-allowed.exception';

describe('grant rules', () => {
  const owner: Grantor = { isOwner: true, permissions: [] };
  const admin: Grantor = { isOwner: false, permissions: BUILT_IN_ROLE_PERMISSIONS.admin };
  const userManager: Grantor = { isOwner: false, permissions: ['users:manage', 'leads:read'] };

  it('lets only an owner grant the owner role', () => {
    expect(() => assertMayGrantRole(owner, { key: 'owner', permissions: [] })).not.toThrow();
    expect(() => assertMayGrantRole(admin, { key: 'owner', permissions: [] })).toThrow(GrantNotAllowedException);
  });

  it('refuses a non-owner a role or permissions beyond their own', () => {
    expect(() => assertMayGrantRole(admin, { key: 'admin', permissions: [] })).not.toThrow();
    expect(() => assertMayGrantRole(userManager, { key: 'viewer', permissions: [] })).not.toThrow();
    expect(() => assertMayGrantRole(userManager, { key: 'admin', permissions: [] })).toThrow(GrantNotAllowedException);
    expect(() => assertMayGrantRole(userManager, { key: null, permissions: ['leads:read', 'leads:export'] })).toThrow(/leads:export/);
    expect(() => assertMayGrantPermissions(userManager, ['users:manage'])).not.toThrow();
    expect(() => assertMayGrantPermissions(owner, ['settings:manage'])).not.toThrow();
  });
});
