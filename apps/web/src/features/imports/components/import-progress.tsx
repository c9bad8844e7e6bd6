import { Alert, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { notify } from '@/lib/notify';
import { downloadImportErrors, importErrorMessage, isFinished, useImportProgress } from '../api/imports';

const number = (n: number) => n.toLocaleString('en');

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600} data-testid={`import-${label.toLowerCase()}`}>
        {number(value)}
      </Text>
    </div>
  );
}

// Live progress of one import: rows processed out of the file's, then the outcome and its errors file.
export function ImportProgress({ id, onAnother }: { id: string; onAnother: () => void }) {
  const progress = useImportProgress(id);
  const [downloading, setDownloading] = useState(false);
  const imp = progress.data;
  if (!imp) return <Text c="dimmed">Waiting for the import…</Text>;
  const finished = isFinished(imp.status);
  const percent = imp.totalRows > 0 ? Math.min(100, (imp.processedRows / imp.totalRows) * 100) : finished ? 100 : 0;
  const download = async () => {
    setDownloading(true);
    try {
      await downloadImportErrors(id);
    } catch (error) {
      notify('red', 'The errors file did not download', importErrorMessage(error));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Paper withBorder p="md" aria-labelledby="import-progress-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="import-progress-title">
          {imp.status === 'completed' ? 'Import finished' : imp.status === 'failed' ? 'Import failed' : `Importing ${imp.filename ?? 'the file'}…`}
        </Title>
        <Progress value={percent} aria-label="Rows processed" animated={!finished} />
        <Text size="sm" aria-live="polite" data-testid="import-processed">
          {number(imp.processedRows)} of {number(imp.totalRows)} rows processed
        </Text>
        <SimpleGrid cols={{ base: 3 }}>
          <Count label="Created" value={imp.created} />
          <Count label="Merged" value={imp.merged} />
          <Count label="Failed" value={imp.failed} />
        </SimpleGrid>
        {imp.error && (
          <Alert color="red" title="Why it stopped">
            {imp.error}
          </Alert>
        )}
        {finished && (
          <Group>
            {imp.failed > 0 && (
              <Button variant="default" onClick={() => void download()} loading={downloading}>
                Download the errors ({number(imp.failed)} rows)
              </Button>
            )}
            <Button onClick={onAnother}>Import another file</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
