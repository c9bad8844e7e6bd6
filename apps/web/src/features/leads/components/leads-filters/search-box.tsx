import { CloseButton, Kbd, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState, type Ref } from 'react';
import { MIN_SEARCH_LENGTH } from '../../utils/lead-filters';

export const SEARCH_DEBOUNCE_MS = 300;

interface SearchBoxProps {
  ref?: Ref<HTMLInputElement>;
  // The search in the URL.
  value: string;
  onSearch: (q: string) => void;
}

// Typing updates the URL (and so the list) 300 ms after the last key; the box shows what is typed meanwhile.
export function SearchBox({ ref, value, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // The URL changed from elsewhere (Clear filters, a saved view, back button): show that instead.
  if (value !== seen) {
    setSeen(value);
    if (value.trim() !== text.trim().replace(/\s+/g, ' ')) setText(value);
  }
  const search = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);
  const change = (next: string) => {
    setText(next);
    search(next);
  };
  const tooShort = text.trim().length > 0 && text.trim().length < MIN_SEARCH_LENGTH;

  return (
    <TextInput
      ref={ref}
      type="search"
      aria-label="Search leads"
      placeholder="Search name, email, phone…"
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={
        text ? (
          <CloseButton size="sm" aria-label="Clear the search" onClick={() => change('')} />
        ) : (
          <Kbd size="xs" aria-hidden visibleFrom="sm">
            /
          </Kbd>
        )
      }
      value={text}
      onChange={(event) => change(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && text) {
          event.stopPropagation();
          change('');
        }
        if (event.key === 'Enter') {
          search.flush();
        }
      }}
      title={tooShort ? `Type at least ${MIN_SEARCH_LENGTH} characters` : undefined}
      w={{ base: '100%', xs: 300 }}
    />
  );
}
