// Zoho's data centres and their hosts (shared/reference/providers.md §2). A connection names its data
// centre; ZOHO_ACCOUNTS_URL / ZOHO_API_URL override both hosts (tests, proxies).
export const ZOHO_DATA_CENTRES = ['us', 'eu', 'in', 'au', 'cn', 'jp', 'ca', 'sa'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

const ACCOUNTS: Record<ZohoDataCentre, string> = {
  us: 'https://accounts.zoho.com',
  eu: 'https://accounts.zoho.eu',
  in: 'https://accounts.zoho.in',
  au: 'https://accounts.zoho.com.au',
  cn: 'https://accounts.zoho.com.cn',
  jp: 'https://accounts.zoho.jp',
  ca: 'https://accounts.zohocloud.ca',
  sa: 'https://accounts.zoho.sa',
};

const API: Record<ZohoDataCentre, string> = {
  us: 'https://www.zohoapis.com',
  eu: 'https://www.zohoapis.eu',
  in: 'https://www.zohoapis.in',
  au: 'https://www.zohoapis.com.au',
  cn: 'https://www.zohoapis.com.cn',
  jp: 'https://www.zohoapis.jp',
  ca: 'https://www.zohoapis.ca',
  sa: 'https://www.zohoapis.sa',
};

export interface ZohoHosts {
  accounts: string;
  api: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function zohoHosts(dataCentre: string | undefined, overrides: { accounts?: string; api?: string }): ZohoHosts {
  const dc = (ZOHO_DATA_CENTRES as readonly string[]).includes(dataCentre ?? '') ? (dataCentre as ZohoDataCentre) : 'us';
  return { accounts: trimSlash(overrides.accounts ?? ACCOUNTS[dc]), api: trimSlash(overrides.api ?? API[dc]) };
}

// Zoho's callback names the accounts server of the user's data centre (`accounts-server`). It is only
// matched against Zoho's own hosts to learn the data centre; the host called is always ours.
export function zohoDataCentreOfAccountsServer(value: string | undefined): ZohoDataCentre | null {
  if (!value || !URL.canParse(value)) return null;
  const origin = new URL(value).origin;
  const found = ZOHO_DATA_CENTRES.find((dc) => ACCOUNTS[dc] === origin);
  return found ?? null;
}
