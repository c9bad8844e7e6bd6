import { Modal } from '@mantine/core';
import { notify } from '@/lib/notify';
import { useUpdateConnection, type Connection } from '../api/connections';
import type { PullProviderSpec } from '../utils/pull-providers';
import { PullCredentialsForm } from './pull-credentials-form';

// New credentials for a pull connection (a refused refresh token is fixed here); they replace the old ones
// whole and put a connection that needed attention back on its schedule.
export function ReplaceCredentialsModal({ connection, spec, opened, onClose }: { connection: Connection; spec: PullProviderSpec; opened: boolean; onClose: () => void }) {
  const update = useUpdateConnection(connection.id);
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`New credentials for “${connection.name}”`} size="lg">
      {opened && (
        <PullCredentialsForm
          spec={spec}
          mode="replace"
          pending={update.isPending}
          error={update.error}
          submitLabel="Save credentials"
          onCancel={close}
          onSubmit={({ credentials }) =>
            update.mutate(
              { credentials },
              {
                onSuccess: () => {
                  notify('green', 'Credentials saved', 'The next run uses them.');
                  close();
                },
              },
            )
          }
        />
      )}
    </Modal>
  );
}
