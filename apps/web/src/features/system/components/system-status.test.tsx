import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { connectionRefused, jsonResponse, problemResponse, requestedUrl, withHeaderRequests } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const healthy = {
  status: 'ok',
  info: { database: { status: 'up' } },
  error: {},
  details: { database: { status: 'up' } },
};

const databaseDown = {
  status: 'error',
  info: {},
  error: { database: { status: 'down', message: 'timeout exceeded' } },
  details: { database: { status: 'down', message: 'timeout exceeded' } },
};

// Stubs the global fetch with answers given in order; any call beyond them fails the test loudly.
function answerFetch(...answers: Array<Response | Error | Promise<never>>) {
  const fetchMock = vi.fn<typeof fetch>().mockRejectedValue(new Error('unexpected extra fetch'));
  for (const answer of answers) {
    if (answer instanceof Response) fetchMock.mockResolvedValueOnce(answer);
    else if (answer instanceof Error) fetchMock.mockRejectedValueOnce(answer);
    else fetchMock.mockReturnValueOnce(answer);
  }
  vi.stubGlobal('fetch', withHeaderRequests(fetchMock));
  return fetchMock;
}

// The skeleton shown while the page's code loads is then replaced by the page: look cards up afresh each time.
const expectCard = (name: string, text: string) =>
  waitFor(() => expect(screen.getByRole('region', { name })).toHaveTextContent(text));

describe('System status page', () => {
  it('shows a skeleton while the first check runs', async () => {
    const fetchMock = answerFetch(new Promise<never>(() => undefined));
    renderApp('/status');

    // Past the router's fallback: the page itself is waiting for /health.
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(await screen.findByRole('status')).toHaveTextContent('Checking the system status');
    expect(await screen.findByRole('region', { name: 'API' })).not.toHaveTextContent(/operational|unavailable/i);
    expect(await screen.findByRole('region', { name: 'Database' })).not.toHaveTextContent(/operational|unavailable/i);
  });

  it('shows the API and the database as operational when /health answers 200', async () => {
    const fetchMock = answerFetch(jsonResponse(healthy));
    renderApp('/status');

    await expectCard('API', 'Operational');
    await expectCard('Database', 'Operational');
    expect(screen.queryByText('Database unavailable')).not.toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(requestedUrl(fetchMock.mock.calls[0]![0])).toBe(`${location.origin}/health`);
  });

  it('reports the database as unavailable when /health answers 503', async () => {
    answerFetch(jsonResponse(databaseDown, 503));
    renderApp('/status');

    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable');
    await expectCard('Database', 'Unavailable');
    await expectCard('API', 'Operational');
  });

  it('shows that the API is unreachable when fetch fails, and Retry checks again', async () => {
    const fetchMock = answerFetch(connectionRefused(), jsonResponse(healthy));
    const { user } = renderApp('/status');

    expect(await screen.findByRole('alert')).toHaveTextContent('The API is not reachable');
    expect(screen.queryByRole('region', { name: 'API' })).not.toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Retry' }));

    await expectCard('API', 'Operational');
    expect(screen.queryByText('The API is not reachable')).not.toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('shows the problem detail and request id of another error answer', async () => {
    answerFetch(
      problemResponse(500, {
        type: 'urn:hotleads:problem:internal_error',
        title: 'Internal server error',
        detail: 'Internal server error',
        code: 'internal_error',
        requestId: 'req-123',
      }),
    );
    renderApp('/status');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The API answered with an error');
    expect(alert).toHaveTextContent('Internal server error (request req-123)');
  });
});
