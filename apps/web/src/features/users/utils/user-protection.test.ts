import { describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api/get-roles';
import type { User } from '../api/get-users';
import { lastActiveOwnerId, protectionOf } from './user-protection';

const ownerRole = (userCount: number): Role => ({
  id: 'role-owner',
  name: 'Owner',
  key: 'owner',
  builtIn: true,
  description: '',
  permissions: [],
  userCount,
});

const user = (id: string, roleId: string, status: User['status'] = 'active'): User => ({
  id,
  email: `${id}@example.test`,
  name: id,
  roleId,
  roleName: roleId,
  status,
  mfaEnabled: false,
  away: false,
  leadCapacity: null,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('lastActiveOwnerId', () => {
  it('is the only holder of the owner role', () => {
    const rows = [user('ada', 'role-owner'), user('bo', 'role-agent')];
    expect(lastActiveOwnerId({ ownerRole: ownerRole(1), allUsers: undefined }, rows)).toBe('ada');
  });

  it('counts only active owners when the whole list is loaded', () => {
    const rows = [user('ada', 'role-owner'), user('cy', 'role-owner', 'disabled'), user('di', 'role-owner', 'invited')];
    expect(lastActiveOwnerId({ ownerRole: ownerRole(3), allUsers: rows }, rows)).toBe('ada');
    const two = [...rows, user('ed', 'role-owner')];
    expect(lastActiveOwnerId({ ownerRole: ownerRole(4), allUsers: two }, two)).toBeUndefined();
  });

  it('does not guess from a filtered or partial list', () => {
    const rows = [user('ada', 'role-owner')];
    expect(lastActiveOwnerId({ ownerRole: ownerRole(2), allUsers: undefined }, rows)).toBeUndefined();
    expect(lastActiveOwnerId({ ownerRole: undefined, allUsers: rows }, rows)).toBeUndefined();
  });
});

describe('protectionOf', () => {
  it('names the last owner first, then the signed-in user', () => {
    expect(protectionOf(user('ada', 'role-owner'), 'ada', 'ada')).toBe('last-owner');
    expect(protectionOf(user('ada', 'role-owner'), 'ada', undefined)).toBe('self');
    expect(protectionOf(user('bo', 'role-agent'), 'ada', 'ada')).toBeUndefined();
  });
});
