import { BUILT_IN_ROLE_PERMISSIONS, type Grantor } from '@hotleads/shared';
import { assertMayGrantPermissions, assertMayGrantRole, assertMayManageHolderOf } from './grant-rules';
import { GrantNotAllowedException } from './grant-not-allowed.exception';
import { ManageNotAllowedException } from './manage-not-allowed.exception';

describe('grant rules', () => {
  const owner: Grantor = { isOwner: true, permissions: BUILT_IN_ROLE_PERMISSIONS.owner };
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

  it('lets nobody but an owner manage an owner, and nobody manage a holder of more than they hold', () => {
    expect(() => assertMayManageHolderOf(owner, { key: 'owner', permissions: [] }, 'user')).not.toThrow();
    expect(() => assertMayManageHolderOf(admin, { key: 'owner', permissions: [] }, 'user')).toThrow(ManageNotAllowedException);
    expect(() => assertMayManageHolderOf(admin, { key: 'admin', permissions: [] }, 'user')).not.toThrow();
    expect(() => assertMayManageHolderOf(userManager, { key: 'manager', permissions: [] }, 'user')).toThrow(/permissions you do not hold/);
    expect(() => assertMayManageHolderOf(userManager, { key: null, permissions: ['leads:read', 'audit:read'] }, 'role')).toThrow(ManageNotAllowedException);
    expect(() => assertMayManageHolderOf(userManager, { key: null, permissions: ['leads:read'] }, 'role')).not.toThrow();
  });
});
