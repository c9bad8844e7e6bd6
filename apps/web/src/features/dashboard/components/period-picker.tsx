import '@mantine/dates/styles.css';
import { Group, SegmentedControl } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { customRangeError, PERIOD_PRESETS, resolvePeriod, type StatsPeriod } from '../utils/period';

const CUSTOM = 'custom';

const SEGMENTS = [...PERIOD_PRESETS.map((p) => ({ value: p.id, label: p.label })), { value: CUSTOM, label: 'Custom' }];

interface PeriodPickerProps {
  period: StatsPeriod;
  onChange(period: StatsPeriod): void;
}

// A rolling window, or whole days picked in a calendar. The page keeps the choice in the URL.
export function PeriodPicker({ period, onChange }: PeriodPickerProps) {
  const custom = !('preset' in period);
  const periodKey = JSON.stringify(period);
  // "Custom" opens the calendar; the period itself changes once both days are picked. Remembered per period,
  // so going back in history to a rolling window closes it again.
  const [customOpenFor, setCustomOpenFor] = useState<string | null>(null);
  const [draft, setDraft] = useState<DatesRangeValue<string> | null>(null);
  const showCustom = custom || customOpenFor === periodKey;

  const selectSegment = (value: string) => {
    if (value === CUSTOM) {
      setCustomOpenFor(periodKey);
      return;
    }
    const preset = PERIOD_PRESETS.find((p) => p.id === value);
    if (!preset) return;
    setCustomOpenFor(null);
    setDraft(null);
    onChange({ preset: preset.id });
  };

  // Until days are picked, the calendar shows the days the current window covers.
  const shown: DatesRangeValue<string> = draft ?? (custom ? [period.from, period.to] : windowDays(period));
  const [from, to] = shown;
  const error = draft && from && to ? customRangeError(from, to) : null;

  const pick = (value: DatesRangeValue<string>) => {
    setDraft(value);
    const [nextFrom, nextTo] = value;
    if (nextFrom && nextTo && customRangeError(nextFrom, nextTo) === null) {
      setDraft(null);
      onChange({ from: nextFrom, to: nextTo });
    }
  };

  return (
    <Group gap="sm" align="flex-start" justify="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Period"
        data={SEGMENTS}
        value={'preset' in period && !showCustom ? period.preset : CUSTOM}
        onChange={selectSegment}
      />
      {showCustom && (
        <DatePickerInput
          type="range"
          aria-label="Custom period"
          placeholder="Pick the first and last day"
          leftSection={<IconCalendar size={16} stroke={1.5} aria-hidden />}
          value={shown}
          onChange={pick}
          allowSingleDateInRange
          maxDate={dayjs().format('YYYY-MM-DD')}
          valueFormat="MMM D, YYYY"
          error={error}
          w={{ base: '100%', xs: 270 }}
          popoverProps={{ position: 'bottom-end' }}
        />
      )}
    </Group>
  );
}

function windowDays(period: StatsPeriod): DatesRangeValue<string> {
  const { from, to } = resolvePeriod(period);
  return [dayjs(from).format('YYYY-MM-DD'), dayjs(to).format('YYYY-MM-DD')];
}
