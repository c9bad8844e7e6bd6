import type { Schemas } from '@hotleads/api-client';
import type { InfiniteData } from '@tanstack/react-query';

type LeadDto = Schemas['LeadDto'];
type LeadPageDto = Schemas['LeadPageDto'];

// Test data: a lead as GET /api/v1/leads/{id} answers it, and a list page holding leads.
export function leadFixture(overrides: Partial<LeadDto> = {}): LeadDto {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    type: 'contact',
    status: 'unread',
    priority: 'medium',
    qualityScore: null,
    score: null,
    scoreReasons: [],
    name: 'Ada Lovelace',
    email: 'ada@example.test',
    phone: null,
    company: 'Analytical Engines',
    subject: 'Pricing',
    message: 'Hello, how much is it?',
    role: null,
    notes: null,
    source: 'form',
    sourceRef: null,
    formId: null,
    tags: [],
    metadata: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', referer: 'https://example.test/pricing', utm: { source: 'newsletter' } },
    assigneeId: null,
    followUpAt: null,
    firstContactedAt: null,
    lastContactedAt: null,
    respondBy: new Date(Date.now() + 3_600_000).toISOString(),
    slaBreached: false,
    emailVerdict: null,
    phoneValid: null,
    phoneLineType: null,
    version: 1,
    createdAt: new Date(Date.now() - 600_000).toISOString(),
    updatedAt: new Date(Date.now() - 600_000).toISOString(),
    deletedAt: null,
    ...overrides,
  };
}

export function listData(...pages: LeadDto[][]): InfiniteData<LeadPageDto, string | null> {
  return {
    pages: pages.map((data, i) => ({ data, nextCursor: i < pages.length - 1 ? `c${i + 1}` : null, total: pages.flat().length, totalIsEstimate: false })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `c${i}`)),
  };
}
