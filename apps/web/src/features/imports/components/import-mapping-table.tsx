import { NativeSelect, ScrollArea, Table, Text } from '@mantine/core';
import { IMPORT_FIELDS, type ImportField } from '@hotleads/shared';
import { FIELD_LABELS, type CsvPreview } from '../utils/csv-preview';

interface ImportMappingTableProps {
  preview: CsvPreview;
  mapping: Record<string, ImportField | null>;
  onChange: (column: string, field: ImportField | null) => void;
}

const SKIP = '';

// One row per CSV column: where it goes, and the values of the first rows as a sample.
export function ImportMappingTable({ preview, mapping, onChange }: ImportMappingTableProps) {
  const used = new Map(Object.entries(mapping).flatMap(([column, field]) => (field ? [[field, column] as const] : [])));
  return (
    <ScrollArea>
      <Table aria-label="Column mapping" miw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in the file</Table.Th>
            <Table.Th>Lead field</Table.Th>
            <Table.Th>First values</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.header.map((column, index) => (
            <Table.Tr key={`${index}-${column}`}>
              <Table.Td>
                <Text fw={500}>{column || `(column ${index + 1})`}</Text>
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={`Lead field for ${column || `column ${index + 1}`}`}
                  value={mapping[column] ?? SKIP}
                  onChange={(event) => onChange(column, (event.currentTarget.value || null) as ImportField | null)}
                  data={[
                    { value: SKIP, label: 'Do not import' },
                    ...IMPORT_FIELDS.map((field) => ({
                      value: field,
                      label: used.has(field) && used.get(field) !== column ? `${FIELD_LABELS[field]} (from ${used.get(field)})` : FIELD_LABELS[field],
                      disabled: used.has(field) && used.get(field) !== column,
                    })),
                  ]}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {preview.rows
                    .map((row) => row[index] ?? '')
                    .filter((v) => v !== '')
                    .slice(0, 3)
                    .join(' · ') || '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
