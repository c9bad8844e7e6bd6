import { ActionIcon, CopyButton, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface CopyFieldProps {
  label: string;
  value: string;
  description?: ReactNode;
  // The copy button's accessible name, e.g. "Copy the webhook URL".
  copyLabel: string;
}

// A read-only value to paste elsewhere (a URL, a secret), selected on focus, with a copy button.
export function CopyField({ label, value, description, copyLabel }: CopyFieldProps) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onFocus={(event) => event.currentTarget.select()}
      rightSectionWidth={42}
      rightSection={<CopyIconButton value={value} label={copyLabel} />}
    />
  );
}

export function CopyIconButton({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
          <ActionIcon variant={copied ? 'light' : 'subtle'} color={copied ? 'green' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : label}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
