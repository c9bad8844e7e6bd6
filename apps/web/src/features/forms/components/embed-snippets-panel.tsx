import { Alert, Anchor, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import type { Form } from '../api/get-forms';
import { fetchSnippet, HONEYPOT_FIELD, htmlFormSnippet, REDIRECT_FIELD } from '../utils/embed-snippets';
import { CopyValueButton } from './copy-value-button';

// Long lines scroll rather than wrap (they are copied as they are); the border keeps the block visible on a dark card.
const CODE_BLOCK = { whiteSpace: 'pre', overflowX: 'auto', border: '1px solid var(--mantine-color-default-border)' } as const;

export function EmbedSnippetsPanel({ form }: { form: Form }) {
  const html = htmlFormSnippet(form);
  const script = fetchSnippet(form);
  return (
    <Stack gap="lg">
      {!form.enabled && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="This form is disabled">
          Its URL answers 404 until you enable it again.
        </Alert>
      )}
      <SnippetCard title="Public submission URL" copyLabel="Copy URL" value={form.publicUrl}>
        <Text size="sm">
          Websites post to this URL, as JSON or as ordinary form fields, without any key. Known fields: name, email, phone,
          company, subject, message, role and utm_* parameters; any other field is kept with the lead.
        </Text>
      </SnippetCard>
      <SnippetCard title="HTML form" copyLabel="Copy HTML" value={html}>
        <Text size="sm">
          Works without JavaScript, from any website. The hidden <Code>{HONEYPOT_FIELD}</Code> field is a spam trap: keep it
          in the page, hidden.{' '}
          {form.redirectUrls.length > 0 ? (
            <>
              After submitting, visitors go to <Code>{form.redirectUrls[0]}</Code> (the <Code>{REDIRECT_FIELD}</Code> field).
            </>
          ) : (
            <>Add a redirect URL in the settings to send visitors to your own thank-you page afterwards.</>
          )}
        </Text>
      </SnippetCard>
      <SnippetCard title="fetch() example" copyLabel="Copy script" value={script}>
        <Text size="sm">
          Put it after the HTML form to send it in the background and show a message in the page. The browser allows it only on
          pages from the allowed origins.
        </Text>
        {form.allowedOrigins.length === 0 ? (
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} p="xs">
            No allowed origins yet: browsers will refuse this script on every website. Add your site's origin in the settings.
          </Alert>
        ) : (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconInfoCircle size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm">
              Allowed origins:{' '}
              {form.allowedOrigins.map((origin, i) => (
                <span key={origin}>
                  {i > 0 && ', '}
                  <Code>{origin}</Code>
                </span>
              ))}
            </Text>
          </Group>
        )}
      </SnippetCard>
      <Text size="sm">
        The full contract of the submission endpoint is in the{' '}
        <Anchor href="/api/docs" target="_blank" rel="noopener" underline="always">
          API documentation
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

interface SnippetCardProps {
  title: string;
  copyLabel: string;
  value: string;
  children: ReactNode;
}

function SnippetCard({ title, copyLabel, value, children }: SnippetCardProps) {
  const titleId = useId();
  return (
    <Card component="section" withBorder padding="md" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Title order={2} fz="h4" id={titleId}>
            {title}
          </Title>
          <CopyValueButton value={value} label={copyLabel} />
        </Group>
        {children}
        {/* Focusable: a keyboard user must be able to scroll long lines. */}
        <Code block tabIndex={0} fz="xs" style={CODE_BLOCK}>
          {value}
        </Code>
      </Stack>
    </Card>
  );
}
