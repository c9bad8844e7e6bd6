import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { useCan } from '@/lib/authorization';

export type Assignee = Pick<Schemas['UserDto'], 'id' | 'name' | 'email'>;

// Enough for any sales team; a workspace beyond it still lists the first ones.
const MAX_PAGES = 5;

// The workspace's active users, for the assignee filter and bulk "assign to". GET /api/v1/users needs
// users:manage; names for everyone else come from the people directory (usePeopleDirectory).
export async function listAssignees(signal?: AbortSignal): Promise<Assignee[]> {
  const users: Assignee[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error, response } = await send(api.GET('/api/v1/users', { params: { query: { status: 'active', limit: 200, cursor } }, signal }));
    if (!data) throw toApiError(response, error);
    users.push(...data.data.map(({ id, name, email }) => ({ id, name, email })));
    if (!data.nextCursor) break;
    cursor = data.nextCursor;
  }
  return users.sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
}

export const assigneesQueryOptions = () =>
  queryOptions({
    queryKey: ['leads', 'assignees'],
    queryFn: ({ signal }) => listAssignees(signal),
    staleTime: 5 * 60_000,
  });

export function useAssignees() {
  const readable = useCan('users:manage');
  return useQuery({ ...assigneesQueryOptions(), enabled: readable });
}

export type Person = Schemas['PersonDto'];

// GET /api/v1/people: every colleague's id and name, for anyone who reads leads (assignee, "claimed by").
export async function listPeople(signal?: AbortSignal): Promise<Person[]> {
  const { data, error, response } = await send(api.GET('/api/v1/people', { signal }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function usePeopleDirectory() {
  const readable = useCan('leads:read');
  return useQuery({ queryKey: ['leads', 'people'], queryFn: ({ signal }) => listPeople(signal), staleTime: 5 * 60_000, enabled: readable });
}

// A colleague's name by id: from the users list when the caller has it, else from the directory.
export function personName(id: string, assignees: readonly Assignee[] | undefined, people: readonly Person[] | undefined): string | null {
  const assignee = assignees?.find((a) => a.id === id);
  if (assignee) return assignee.name || assignee.email;
  return people?.find((p) => p.id === id)?.name ?? null;
}
