import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

// A stored phone (E.164, or the raw text when it did not parse) as people read it: a number of the
// workspace's country in its national format ("030 3644053"), any other grouped the way its country writes
// numbers with the international prefix ("+49 30 3644053"). Call links keep E.164.
export function formatPhone(phone: string, workspaceCountry?: string | null): string {
  try {
    const parsed = phone.startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
    if (!parsed?.isValid()) return phone;
    return workspaceCountry && parsed.country === (workspaceCountry.toUpperCase() as CountryCode) ? parsed.formatNational() : parsed.formatInternational();
  } catch {
    // libphonenumber throws on some malformed input instead of answering undefined.
    return phone;
  }
}
