import { Button, Group, Paper, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { SubjectQuery } from '../api/search-subject';

export function SubjectSearchForm({ onSearch, searching }: { onSearch: (query: SubjectQuery) => void; searching: boolean }) {
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query: SubjectQuery = {};
    if (email.trim()) query.email = email.trim();
    if (phone.trim()) query.phone = phone.trim();
    if (query.email || query.phone) onSearch(query);
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} role="search" aria-label="Find a person">
      <Group align="flex-end" gap="sm">
        <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} placeholder="person@example.com" w={280} />
        <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} placeholder="+44 20 7946 0000" description="International form" w={220} />
        <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={searching} disabled={!email.trim() && !phone.trim()}>
          Find
        </Button>
      </Group>
    </Paper>
  );
}
