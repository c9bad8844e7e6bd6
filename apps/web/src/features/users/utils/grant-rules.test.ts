import type { Permission } from '@hotleads/shared';
import { describe, expect, it } from 'vitest';
import { mayGrantRole } from './grant-rules';

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
