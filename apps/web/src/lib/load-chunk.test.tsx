import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it, vi } from 'vitest';
import { PageErrorNotice } from '@/components/errors/page-error';
import { ChunkLoadError, isChunkLoadError, retryImport } from './load-chunk';

const dropped = () => new TypeError('Failed to fetch dynamically imported module: /assets/leads-route-abc.js');

describe('lazy chunk loading', () => {
  it('tries a failed download again and gives the module once it arrives', async () => {
    const load = vi.fn<() => Promise<{ page: string }>>().mockRejectedValueOnce(dropped()).mockResolvedValueOnce({ page: 'leads' });
    await expect(retryImport(load, [1, 1])).resolves.toEqual({ page: 'leads' });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last retry with a ChunkLoadError', async () => {
    const load = vi.fn<() => Promise<unknown>>().mockRejectedValue(dropped());
    const failure = retryImport(load, [1, 1]);
    await expect(failure).rejects.toBeInstanceOf(ChunkLoadError);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not retry an error of the module itself', async () => {
    const load = vi.fn<() => Promise<unknown>>().mockRejectedValue(new ReferenceError('x is not defined'));
    await expect(retryImport(load, [1, 1])).rejects.toBeInstanceOf(ReferenceError);
    expect(load).toHaveBeenCalledTimes(1);
    expect(isChunkLoadError(new ReferenceError('x is not defined'))).toBe(false);
  });

  it('offers a reload for the new version in place of the page', () => {
    render(
      <MantineProvider>
        <PageErrorNotice chunk />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('This page could not be loaded');
    expect(screen.getByRole('button', { name: 'Reload to get the new version' })).toBeVisible();
  });
});
