import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const ID = '22222222-2222-4222-8222-222222222222';

const progress = (overrides: object = {}) => ({
  id: ID,
  status: 'running',
  filename: 'leads.csv',
  mode: 'create',
  totalRows: 3,
  processedRows: 1,
  created: 1,
  merged: 0,
  failed: 0,
  error: null,
  errors: [],
  createdAt: '2026-12-07T10:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

// What the page sends with XMLHttpRequest: recorded, answered 202 after reporting upload progress.
const sent: Array<{ url: string; headers: Record<string, string>; form: FormData }> = [];
class FakeXhr {
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private url = '';
  private headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  getResponseHeader() {
    return null;
  }
  abort() {
    this.onabort?.();
  }
  send(form: FormData) {
    sent.push({ url: this.url, headers: this.headers, form });
    setTimeout(() => {
      this.upload.onprogress?.({ loaded: 10, total: 20, lengthComputable: true });
      this.status = 202;
      this.responseText = JSON.stringify({ id: ID });
      this.onload?.();
    }, 10);
  }
}

afterEach(() => {
  sent.length = 0;
  vi.unstubAllGlobals();
});

describe('Import page', { timeout: 60_000 }, () => {
  it('previews the file, maps columns from the saved mapping and by name, uploads, and follows the progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    stubApi({
      'GET /api/v1/leads/imports/mapping': [jsonResponse({ mapping: { Organisation: 'company', Kontakt: 'name' } })],
      'GET /api/v1/leads/imports': [jsonResponse({ data: [] }), jsonResponse({ data: [progress({ status: 'completed', processedRows: 3, created: 2, failed: 1 })] })],
      [`GET /api/v1/leads/imports/${ID}`]: [jsonResponse(progress()), jsonResponse(progress({ status: 'completed', processedRows: 3, created: 2, failed: 1, finishedAt: '2026-12-07T10:00:05.000Z' }))],
    });
    const { user } = renderApp('/imports');
    expect(await screen.findByText('No imports yet.')).toBeVisible();

    const csv = 'Kontakt;E-mail;Organisation;Notes\nAda;ada@example.com;Analytical;hello\nBob;bob@example.com;;\nCyd;bad;;\n';
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, new File([csv], 'leads.csv', { type: 'text/csv' }));

    const table = await screen.findByRole('table', { name: 'Column mapping' });
    expect(within(table).getByRole('combobox', { name: 'Lead field for Kontakt' })).toHaveValue('name');
    expect(within(table).getByRole('combobox', { name: 'Lead field for E-mail' })).toHaveValue('email');
    expect(within(table).getByRole('combobox', { name: 'Lead field for Organisation' })).toHaveValue('company');
    expect(within(table).getByRole('combobox', { name: 'Lead field for Notes' })).toHaveValue('message');
    expect(within(table).getByText('Ada · Bob · Cyd')).toBeVisible();
    await user.selectOptions(within(table).getByRole('combobox', { name: 'Lead field for Notes' }), '');
    await user.click(screen.getByRole('radio', { name: 'Update by source reference' }));
    await user.type(screen.getByPlaceholderText('Type and press Enter'), 'fair{Enter}');

    await user.click(screen.getByRole('button', { name: 'Start import' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    const { form } = sent[0];
    expect(sent[0].url).toBe('/api/v1/leads/imports');
    expect(JSON.parse(form.get('mapping') as string)).toEqual({ Kontakt: 'name', 'E-mail': 'email', Organisation: 'company' });
    expect(form.get('mode')).toBe('upsert');
    expect(form.get('tags')).toBe('fair');
    expect((form.get('file') as File).name).toBe('leads.csv');
    // Options precede the file, as the API reads them first.
    expect([...form.keys()].at(-1)).toBe('file');

    expect(await screen.findByText('1 of 3 rows processed')).toBeVisible();
    expect(await screen.findByText('3 of 3 rows processed', undefined, { timeout: 5_000 })).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Import finished' })).toBeVisible();
    expect(screen.getByTestId('import-created')).toHaveTextContent('2');
    expect(screen.getByTestId('import-failed')).toHaveTextContent('1');
    expect(screen.getByRole('button', { name: 'Download the errors (1 rows)' })).toBeVisible();
    const history = await screen.findByRole('table', { name: 'Past imports' });
    expect(within(history).getByText('leads.csv')).toBeVisible();
  });

  it('accepts a dropped file and says what went wrong when the API refuses the upload', async () => {
    class RefusingXhr extends FakeXhr {
      override send(form: FormData) {
        sent.push({ url: '', headers: {}, form });
        setTimeout(() => {
          this.status = 400;
          this.responseText = JSON.stringify({ status: 400, code: 'validation_failed', detail: 'mapping.Email: no column "Email" in the file' });
          this.onload?.();
        }, 10);
      }
    }
    vi.stubGlobal('XMLHttpRequest', RefusingXhr);
    stubApi({
      'GET /api/v1/leads/imports/mapping': [jsonResponse({ mapping: {} })],
      'GET /api/v1/leads/imports': [jsonResponse({ data: [] })],
    });
    const { user } = renderApp('/imports');
    const drop = await screen.findByTestId('import-drop');
    fireEvent.drop(drop, { dataTransfer: { files: [new File(['phone\n+4930123\n'], 'drop.csv', { type: 'text/csv' })] } });
    expect(await screen.findByRole('combobox', { name: 'Lead field for phone' })).toHaveValue('phone');
    await user.click(screen.getByRole('button', { name: 'Start import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('no column "Email" in the file');
    expect(screen.getByTestId('import-drop')).toBeVisible();
  });
});
