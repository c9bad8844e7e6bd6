import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { LoaderFunction } from 'react-router';

// What a lazily loaded page module exports as `page`: its component and, if it prefetches, its loader.
export type PageFactory = (queryClient: QueryClient) => { Component: ComponentType; loader?: LoaderFunction };

export const lazyPage = (queryClient: QueryClient, load: () => Promise<{ page: PageFactory }>) => async () =>
  (await load()).page(queryClient);
