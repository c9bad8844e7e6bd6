// Every client route in one place, so links and the router cannot drift apart.
export const paths = {
  home: { path: '/', getHref: () => '/' },
  status: { path: '/status', getHref: () => '/status' },
} as const;
