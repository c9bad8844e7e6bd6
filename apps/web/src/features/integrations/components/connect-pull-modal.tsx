import type { Schemas } from '@hotleads/api-client';
import { Modal } from '@mantine/core';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { notify } from '@/lib/notify';
import { useCreateConnection } from '../api/connections';
import { pullSpec } from '../utils/pull-providers';
import { PullCredentialsForm } from './pull-credentials-form';

// Connects Zoho CRM, Google Calendar or Zoom, then opens the new connection's page, where its first run shows.
export function ConnectPullModal({ provider, onClose }: { provider: string | null; onClose: () => void }) {
  const create = useCreateConnection();
  const navigate = useNavigate();
  const spec = provider ? pullSpec(provider) : undefined;
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={spec !== undefined} onClose={close} title={spec?.title ?? ''} size="lg">
      {spec && (
        <PullCredentialsForm
          spec={spec}
          mode="create"
          pending={create.isPending}
          error={create.error}
          submitLabel="Connect"
          onCancel={close}
          onSubmit={(input) =>
            create.mutate(
              // The generated client may not list every provider this build knows (Zoom); the API checks it.
              { ...input, provider: spec.provider as Schemas['CreateConnectionDto']['provider'] },
              {
                onSuccess: (connection) => {
                  notify('green', `${spec.defaultName} connected`, 'The first sync starts within a minute.');
                  close();
                  void navigate(paths.integration.getHref(connection.id));
                },
              },
            )
          }
        />
      )}
    </Modal>
  );
}
