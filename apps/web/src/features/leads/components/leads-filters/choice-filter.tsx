import { Button, Checkbox, Popover, Stack, TagsInput } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';

interface FilterButtonProps {
  label: string;
  values: readonly string[];
  labelOf?: (value: string) => string;
}

// "Status" when nothing is picked, "Status: Unread +1" when something is: the bar keeps its height.
function FilterButton({ label, values, labelOf = (v) => v, ...rest }: FilterButtonProps) {
  const summary = values.length === 0 ? '' : `: ${labelOf(values[0])}${values.length > 1 ? ` +${values.length - 1}` : ''}`;
  return (
    <Button
      variant={values.length > 0 ? 'light' : 'default'}
      size="sm"
      rightSection={<IconChevronDown size={14} aria-hidden />}
      title={values.length > 1 ? values.map(labelOf).join(', ') : undefined}
      {...rest}
    >
      {label}
      {summary}
    </Button>
  );
}

interface ChoiceFilterProps<T extends string> {
  label: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: readonly T[];
  onChange: (value: T[]) => void;
}

// A fixed set of values (status, priority, type), any of which may match.
export function ChoiceFilter<T extends string>({ label, options, labels, value, onChange }: ChoiceFilterProps<T>) {
  return (
    <Popover position="bottom-start" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <FilterButton label={label} values={value} labelOf={(v) => labels[v as T] ?? v} />
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group label={label} value={[...value]} onChange={(next) => onChange(options.filter((o) => next.includes(o)))}>
          <Stack gap={8} mt="xs">
            {options.map((option) => (
              <Checkbox key={option} value={option} label={labels[option]} />
            ))}
          </Stack>
        </Checkbox.Group>
        {value.length > 0 && (
          <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => onChange([])}>
            Any {label.toLowerCase()}
          </Button>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

interface TextListFilterProps {
  label: string;
  description: string;
  value: readonly string[];
  suggestions: readonly string[];
  onChange: (value: string[]) => void;
}

// Free values (tags, sources): type and press Enter.
export function TextListFilter({ label, description, value, suggestions, onChange }: TextListFilterProps) {
  return (
    <Popover position="bottom-start" shadow="md" withinPortal trapFocus width={300}>
      <Popover.Target>
        <FilterButton label={label} values={value} />
      </Popover.Target>
      <Popover.Dropdown>
        <TagsInput
          label={label}
          description={description}
          placeholder="Type and press Enter"
          value={[...value]}
          data={suggestions.filter((s) => !value.includes(s))}
          onChange={onChange}
          maxTags={20}
          clearable
          comboboxProps={{ withinPortal: false }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
