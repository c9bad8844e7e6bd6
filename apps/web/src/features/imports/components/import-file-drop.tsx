import { Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useState, type DragEvent } from 'react';

interface ImportFileDropProps {
  onFile: (file: File) => void;
  disabled?: boolean;
}

// A drop area with a file picker inside: dropping or picking hands over the File handle, not its contents.
export function ImportFileDrop({ onFile, disabled }: ImportFileDropProps) {
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <Paper
      withBorder
      p="xl"
      data-testid="import-drop"
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-default-hover)' : undefined }}
    >
      <Stack align="center" gap="xs">
        <IconFileUpload size={36} stroke={1.5} aria-hidden />
        <Text fw={500}>Drop a CSV file here</Text>
        <Text size="sm" c="dimmed">
          The first row names the columns. Files of any size: only the first rows are read here, the file is sent as it is.
        </Text>
        <Group>
          <FileButton onChange={(file) => file && onFile(file)} accept=".csv,text/csv,text/plain" disabled={disabled}>
            {(props) => (
              <Button {...props} variant="default">
                Choose a file
              </Button>
            )}
          </FileButton>
        </Group>
      </Stack>
    </Paper>
  );
}
