import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

// A stored phone (E.164, or the raw text when it did not parse) as people read it: grouped the way its
// country writes numbers, with the international prefix ("+49 30 3644053"). The call link keeps E.164.
export function formatPhone(phone: string): string {
  const parsed = phone.startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
  return parsed?.isValid() ? parsed.formatInternational() : phone;
}
