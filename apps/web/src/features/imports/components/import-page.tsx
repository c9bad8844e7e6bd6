import { Alert, Button, Group, Paper, Progress, SegmentedControl, Stack, TagsInput, Text, Title } from '@mantine/core';
import type { ImportField } from '@hotleads/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { IMPORTS_KEY, importErrorMessage, uploadImport, useSavedMapping, type ImportMode, type UploadHandle } from '../api/imports';
import { autoMap, previewCsv, type CsvPreview } from '../utils/csv-preview';
import { ImportFileDrop } from './import-file-drop';
import { ImportHistory } from './import-history';
import { ImportMappingTable } from './import-mapping-table';
import { ImportProgress } from './import-progress';

type Step =
  | { kind: 'choose' }
  | { kind: 'map'; file: File; preview: CsvPreview }
  | { kind: 'upload'; file: File; sent: number; total: number }
  | { kind: 'progress'; id: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

export function ImportPage() {
  const queryClient = useQueryClient();
  const saved = useSavedMapping();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [mapping, setMapping] = useState<Record<string, ImportField | null>>({});
  const [mode, setMode] = useState<ImportMode>('create');
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const upload = useRef<UploadHandle | null>(null);
  useEffect(() => () => upload.current?.abort(), []);

  const choose = async (file: File) => {
    setError(null);
    try {
      const preview = await previewCsv(file);
      if (preview.header.length === 0) throw new Error('The file is empty: it needs a header row.');
      setMapping(autoMap(preview.header, saved.data ?? {}));
      setStep({ kind: 'map', file, preview });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The file cannot be read');
    }
  };

  const start = async (file: File) => {
    setError(null);
    setStep({ kind: 'upload', file, sent: 0, total: file.size });
    const chosen = Object.fromEntries(Object.entries(mapping).filter((entry): entry is [string, ImportField] => entry[1] !== null));
    const handle = uploadImport({ file, mapping: chosen, mode, tags }, (sent, total) => setStep({ kind: 'upload', file, sent, total }));
    upload.current = handle;
    try {
      const { id } = await handle.done;
      setStep({ kind: 'progress', id });
      void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      setError(importErrorMessage(e));
      setStep({ kind: 'choose' });
    } finally {
      upload.current = null;
    }
  };

  const mapped = Object.values(mapping).filter(Boolean);
  const reachable = mapped.includes('email') || mapped.includes('phone');
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>Import leads</Title>
        <Text c="dimmed">Bring leads in from a CSV file: choose where each column goes, then follow the import as it runs.</Text>
      </div>
      {error && (
        <Alert color="red" title="The import did not start" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {step.kind === 'choose' && <ImportFileDrop onFile={(file) => void choose(file)} />}
      {step.kind === 'map' && (
        <Paper withBorder p="md">
          <Stack gap="md">
            <Group justify="space-between">
              <div>
                <Title order={2} size="h4">
                  {step.file.name}
                </Title>
                <Text size="sm" c="dimmed">
                  {megabytes(step.file.size)} · {step.preview.header.length} columns. Columns are matched by name and by your last import; change any below.
                </Text>
              </div>
              <Button variant="subtle" onClick={() => setStep({ kind: 'choose' })}>
                Choose another file
              </Button>
            </Group>
            <ImportMappingTable preview={step.preview} mapping={mapping} onChange={(column, field) => setMapping((m) => ({ ...m, [column]: field }))} />
            {!reachable && (
              <Alert color="yellow" title="No email or phone column">
                Every lead needs an email or a phone: without one of them mapped, every row will fail.
              </Alert>
            )}
            <Group align="flex-end" gap="xl">
              <div>
                <Text size="sm" fw={500} mb={4} id="import-mode-label">
                  Existing leads
                </Text>
                <SegmentedControl
                  aria-labelledby="import-mode-label"
                  value={mode}
                  onChange={(value) => setMode(value as ImportMode)}
                  data={[
                    { value: 'create', label: 'Create (merge same email or phone)' },
                    { value: 'upsert', label: 'Update by source reference' },
                  ]}
                />
              </div>
              <TagsInput label="Tags for every imported lead" value={tags} onChange={setTags} maxTags={20} w={320} placeholder="Type and press Enter" />
            </Group>
            <Group justify="flex-end">
              <Button onClick={() => void start(step.file)} disabled={mapped.length === 0}>
                Start import
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {step.kind === 'upload' && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Sending {step.file.name}
            </Title>
            <Progress value={step.total > 0 ? (step.sent / step.total) * 100 : 0} aria-label="Upload" />
            <Text size="sm" aria-live="polite">
              {megabytes(step.sent)} of {megabytes(step.total)} sent
            </Text>
            <Group>
              <Button variant="default" onClick={() => {
                  upload.current?.abort();
                  setStep({ kind: 'choose' });
                }}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {step.kind === 'progress' && <ImportProgress id={step.id} onAnother={() => setStep({ kind: 'choose' })} />}
      <ImportHistory />
    </Stack>
  );
}
