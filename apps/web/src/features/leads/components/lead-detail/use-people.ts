import { useCallback } from 'react';
import { useAssignees, type Assignee } from '@/features/leads/api/list-assignees';
import { useSignedIn } from '@/lib/authorization';

export type NameOf = (userId: string | null | undefined) => string;

// Names for user ids: "You", a colleague's name when the workspace's users may be listed, else "Another user".
export function usePeople(): { nameOf: NameOf; users: Assignee[] | undefined } {
  const { user } = useSignedIn();
  const { data: users } = useAssignees();
  const nameOf = useCallback<NameOf>(
    (userId) => {
      if (!userId) return 'Nobody';
      if (userId === user.id) return 'You';
      const found = users?.find((u) => u.id === userId);
      return found ? found.name || found.email : 'Another user';
    },
    [user.id, users],
  );
  return { nameOf, users };
}
