import { Checkbox, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { usePermissions } from '@/lib/authorization';
import type { ApiKeyScope } from '../api/create-api-key';
import { SCOPE_DESCRIPTIONS, SCOPE_GROUPS } from '../utils/scopes';

interface ScopeChecklistProps {
  value: ApiKeyScope[];
  onChange: (scopes: ApiKeyScope[]) => void;
  error?: string;
  disabled?: boolean;
}

// The scopes a key may carry, by area. A key cannot do more than its creator: scopes you lack are shown, disabled.
export function ScopeChecklist({ value, onChange, error, disabled }: ScopeChecklistProps) {
  const held = usePermissions();
  return (
    <Checkbox.Group
      label="Scopes"
      description="What the key may do. Keys never manage users or other keys."
      required
      value={value}
      onChange={(next) => onChange(next as ApiKeyScope[])}
      error={error}
    >
      <Stack gap="md" mt="xs">
        {SCOPE_GROUPS.map(({ area, scopes }) => (
          <Stack key={area} gap="xs">
            <Text size="sm" fw={600} component="div">
              {area}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="sm">
              {scopes.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  disabled={disabled || !held.has(scope)}
                  label={<Code>{scope}</Code>}
                  description={held.has(scope) ? SCOPE_DESCRIPTIONS[scope] : `${SCOPE_DESCRIPTIONS[scope]} (your role lacks it)`}
                />
              ))}
            </SimpleGrid>
          </Stack>
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
