import type { Permission } from '@hotleads/shared';
import { describe, expect, it } from 'vitest';
import { mayGrantRole, mayManageHolderOf } from '@hotleads/shared';

describe('mayGrantRole', () => {
  const holds: Permission[] = ['leads:read', 'leads:write', 'users:manage'];
  const admin = { isOwner: false, permissions: holds };

  it('lets an owner grant any role', () => {
    expect(mayGrantRole({ isOwner: true, permissions: [] }, { key: 'owner', permissions: ['settings:manage'] })).toBe(true);
  });

  it('keeps the owner role for owners', () => {
    expect(mayGrantRole(admin, { key: 'owner', permissions: [] })).toBe(false);
  });

  it('lets others grant only what they hold', () => {
    expect(mayGrantRole(admin, { key: 'agent', permissions: ['leads:read', 'leads:write'] })).toBe(true);
    expect(mayGrantRole(admin, { key: null, permissions: ['leads:read', 'leads:export'] })).toBe(false);
  });
});

// The rule the API applies to changing, disabling and deleting users, and to editing custom roles.
describe('mayManageHolderOf', () => {
  const admin = { isOwner: false, permissions: ['leads:read', 'users:manage'] as Permission[] };

  it('keeps owners for owners', () => {
    expect(mayManageHolderOf(admin, { key: 'owner', permissions: [] })).toBe(false);
    expect(mayManageHolderOf({ isOwner: true, permissions: [] }, { key: 'owner', permissions: [] })).toBe(true);
  });

  it('keeps holders of more than the caller out of reach, judging built-in roles by what they really grant', () => {
    expect(mayManageHolderOf(admin, { key: null, permissions: ['leads:read', 'audit:read'] })).toBe(false);
    expect(mayManageHolderOf(admin, { key: 'viewer', permissions: [] })).toBe(true);
    expect(mayManageHolderOf(admin, { key: 'agent', permissions: [] })).toBe(false);
  });
});

