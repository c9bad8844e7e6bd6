import { Badge, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { readAppointment } from '../utils/acuity-appointment';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

// Where an Acuity lead came from: the appointment as the Acuity mapping stored it in `metadata.appointment`.
export function AcuityAppointment({ metadata }: { metadata: Record<string, unknown> }) {
  const appointment = readAppointment(metadata);
  if (!appointment) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="acuity-appointment-title">
      <Title order={3} size="h6" id="acuity-appointment-title">
        Acuity appointment {appointment.canceled && <Badge color="red" variant="dot" tt="none" ml={4}>Canceled</Badge>}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Item label="Appointment type">{appointment.type ?? '—'}</Item>
        <Item label="Date and time">
          {appointment.when ?? '—'}
          {appointment.timezone && (
            <Text span size="xs" c="dimmed">
              {' '}
              ({appointment.timezone})
            </Text>
          )}
        </Item>
        <Item label="Calendar">{appointment.calendar ?? '—'}</Item>
        {appointment.duration && <Item label="Duration">{appointment.duration} min</Item>}
        {appointment.price && <Item label="Price">{appointment.price}{appointment.paid ? ` · paid: ${appointment.paid}` : ''}</Item>}
        <Item label="Appointment ID">{appointment.id}</Item>
      </SimpleGrid>
      {appointment.notes && <Item label="Notes">{appointment.notes}</Item>}
      {appointment.answers.length > 0 && (
        <Item label="Intake form">
          {appointment.answers.map((a, i) => (
            <div key={i}>
              {a.question}: {a.answer}
            </div>
          ))}
        </Item>
      )}
    </Stack>
  );
}
