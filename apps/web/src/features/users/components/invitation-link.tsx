import { ActionIcon, Alert, CopyButton, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconMailCheck, IconMailOff } from '@tabler/icons-react';
import type { Invitation } from '../api/invite-user';

// The outcome of an invitation: whether the email went out, and the link either way (it is the only copy).
export function InvitationLink({ invitation }: { invitation: Invitation }) {
  const { user, invitationUrl, emailSent } = invitation;
  return (
    <Stack gap="md">
      {emailSent ? (
        <Alert color="green" icon={<IconMailCheck aria-hidden />} title="Invitation sent">
          An email with this link is on its way to <strong>{user.email}</strong>.
        </Alert>
      ) : (
        <Alert color="yellow" icon={<IconMailOff aria-hidden />} title="No email went out">
          Email delivery is not set up or failed. Send this link to <strong>{user.email}</strong> yourself.
        </Alert>
      )}
      <TextInput
        label="Invitation link"
        description="It works once and expires in 7 days. Whoever opens it joins as this user."
        value={invitationUrl}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        rightSection={
          <CopyButton value={invitationUrl} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy link'} withArrow>
                <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : 'Copy invitation link'}>
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Text size="sm">
        {user.name || user.email} appears as <strong>Invited</strong> until they choose a password.
      </Text>
    </Stack>
  );
}
