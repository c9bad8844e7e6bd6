import { ActionIcon, Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useExportLeads, type ExportFormat } from '../../api/export-leads';
import { leadErrorMessage } from '../../api/update-lead';
import type { LeadFilters } from '../../utils/lead-filters';

// Downloads every lead matching the current filters (not only the loaded rows) as CSV or JSON.
export function ExportMenu({ filters, compact }: { filters: LeadFilters; compact: boolean }) {
  const exporter = useExportLeads();
  const run = (format: ExportFormat) =>
    exporter.mutate(
      { filters, format },
      {
        onSuccess: ({ filename, blob }) =>
          notifications.show({ color: 'green', title: 'Export ready', message: `${filename} (${Math.max(1, Math.round(blob.size / 1024)).toLocaleString('en')} KB)` }),
        onError: (error) => notifications.show({ color: 'red', title: 'The export failed', message: leadErrorMessage(error) }),
      },
    );
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        {compact ? (
          <ActionIcon variant="default" size="lg" aria-label="Export" loading={exporter.isPending}>
            <IconDownload size={18} stroke={1.5} aria-hidden />
          </ActionIcon>
        ) : (
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={exporter.isPending}>
            Export
          </Button>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Leads matching the filters</Menu.Label>
        <Menu.Item onClick={() => run('csv')}>Export CSV</Menu.Item>
        <Menu.Item onClick={() => run('json')}>Export JSON</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
