import type { Schemas } from '@hotleads/api-client';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { leadFixture } from './lead-fixtures';
import { LeadScore } from './lead-score';

type LeadEventDto = Schemas['LeadEventDto'];

const renderWithTheme = (ui: ReactNode) =>
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      {ui}
    </AppProvider>,
  );

function event(type: string, data: Record<string, unknown>): LeadEventDto {
  return { id: '1', type, actorType: 'system', actorId: null, data, createdAt: '2026-12-01T10:00:00.000Z' } as LeadEventDto;
}

describe('LeadScore', () => {
  it('shows the score and every rule that adds up to it, negatives included', () => {
    const lead = leadFixture({
      score: 25,
      scoreReasons: [
        { rule: 'Names a company', points: 15 },
        { rule: 'Mobile phone', points: 15 },
        { rule: 'No contact (decay)', points: -5 },
      ],
    });
    renderWithTheme(<LeadScore lead={lead} events={[]} />);
    expect(screen.getByLabelText('Score 25 of 100')).toHaveTextContent('25');
    const rows = within(screen.getByRole('table', { name: 'Why this score' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Names a company', '+15'],
      ['Mobile phone', '+15'],
      ['No contact (decay)', '-5'],
    ]);
    expect(screen.queryByTestId('lead-assigned-by')).toBeNull();
  });

  it('names the rule that assigned the lead, from the timeline', () => {
    const lead = leadFixture({ score: 0, scoreReasons: [] });
    const events = [event('note', { text: 'hi' }), event('updated', { changes: { assigneeId: { from: null, to: 'u1' } }, rule: { id: 'r1', name: 'Urgent to the team' } })];
    renderWithTheme(<LeadScore lead={lead} events={events} />);
    expect(screen.getByText('No scoring rule matches this lead.')).toBeInTheDocument();
    expect(screen.getByTestId('lead-assigned-by')).toHaveTextContent('Assigned by the rule “Urgent to the team”.');
  });

  it('says when a lead has not been scored', () => {
    renderWithTheme(<LeadScore lead={leadFixture({ score: null })} events={[]} />);
    expect(screen.getByText('Not scored yet.')).toBeInTheDocument();
  });
});
