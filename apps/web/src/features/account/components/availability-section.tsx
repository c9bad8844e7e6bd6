import { Alert, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useSignedIn } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { useUpdateAvailability } from '../api/update-availability';
import { AccountSection } from './account-section';

// Away: assignment rules pass over you (holidays, sick days); leads already yours stay yours.
export function AvailabilitySection() {
  const { user } = useSignedIn();
  const [away, setAway] = useState(user.away);
  const update = useUpdateAvailability();

  return (
    <AccountSection id="availability" title="Availability" description="Whether new leads may be assigned to you automatically.">
      <Stack gap="sm" maw={480}>
        <Switch
          label="I am away"
          description="Assignment rules give new leads to someone else until you switch this off."
          checked={away}
          disabled={update.isPending}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setAway(next);
            update.mutate(
              { away: next },
              {
                onSuccess: () => notify('green', next ? 'Marked away' : 'Welcome back', next ? 'No new leads are assigned to you automatically.' : 'Assignment rules include you again.'),
                onError: () => setAway(!next),
              },
            );
          }}
        />
        {update.isError && (
          <Alert color="red" role="alert" title="Could not change your availability">
            <Text size="sm">{update.error.message}</Text>
          </Alert>
        )}
      </Stack>
    </AccountSection>
  );
}
