import { useCallback } from 'react';
import { personName, useAssignees, usePeopleDirectory, type Assignee } from '@/features/leads/api/list-assignees';
import { useSignedIn } from '@/lib/authorization';

export type NameOf = (userId: string | null | undefined) => string;

// Names for user ids: "You", or a colleague's name (from the users list or the people directory).
export function usePeople(): { nameOf: NameOf; users: Assignee[] | undefined } {
  const { user } = useSignedIn();
  const { data: users } = useAssignees();
  const { data: people } = usePeopleDirectory();
  const nameOf = useCallback<NameOf>(
    (userId) => {
      if (!userId) return 'Nobody';
      if (userId === user.id) return 'You';
      return personName(userId, users, people) ?? 'Another user';
    },
    [user.id, users, people],
  );
  return { nameOf, users };
}
