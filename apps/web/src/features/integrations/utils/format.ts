const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const formatTime = (iso: string) => dateTime.format(new Date(iso));

// A body as people read it: JSON indented, a form's fields one per line, anything else as it came.
export function formatBody(body: string | null, contentType: string | undefined): string {
  if (body === null) return '(not UTF-8 text)';
  if (contentType?.includes('json')) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  if (contentType?.includes('x-www-form-urlencoded')) {
    return [...new URLSearchParams(body)].map(([key, value]) => `${key} = ${value}`).join('\n');
  }
  return body;
}
