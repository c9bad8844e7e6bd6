import type { Schemas } from '@hotleads/api-client';
import { Button, Group } from '@mantine/core';
import { IconMail, IconPhone } from '@tabler/icons-react';
import classes from './lead-contact-bar.module.css';
import { useFormatPhone } from '@/hooks/use-format-phone';

type LeadDto = Schemas['LeadDto'];

// Call and mail at a thumb's reach: on a phone a bar stuck to the bottom of the panel, elsewhere hidden (the
// fields above carry the same links).
export function LeadContactBar({ lead }: { lead: LeadDto }) {
  const formatPhone = useFormatPhone();
  if (!lead.phone && !lead.email) return null;
  return (
    <Group className={classes.bar} gap="xs" grow role="group" aria-label="Contact the lead">
      {lead.phone && (
        <Button component="a" href={`tel:${lead.phone}`} leftSection={<IconPhone size={16} aria-hidden />} aria-label={`Call ${formatPhone(lead.phone)}`}>
          Call
        </Button>
      )}
      {lead.email && (
        <Button component="a" href={`mailto:${lead.email}`} variant="default" leftSection={<IconMail size={16} aria-hidden />} aria-label={`Email ${lead.email}`}>
          Email
        </Button>
      )}
    </Group>
  );
}
