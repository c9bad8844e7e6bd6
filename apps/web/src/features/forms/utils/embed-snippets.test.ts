import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSnippet, htmlFormSnippet, snippetFormId, type EmbeddableForm } from './embed-snippets';

const form: EmbeddableForm = {
  id: '3f0c2a9e-5b1d-4c1e-9a7b-2d4e6f8a0b1c',
  type: 'contact',
  publicUrl: 'https://leads.example.com/api/v1/public/forms/3f0c2a9e-5b1d-4c1e-9a7b-2d4e6f8a0b1c/submissions',
  redirectUrls: [],
};

// The snippet as a browser would read it.
function parse(html: string): HTMLFormElement {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const element = doc.querySelector('form');
  if (!element) throw new Error('no <form> in the snippet');
  return element;
}

// Runs the fetch() snippet against the HTML snippet in this document, as a page embedding both would.
function embed(target: EmbeddableForm): HTMLFormElement {
  document.body.innerHTML = htmlFormSnippet(target);
  const script = new DOMParser().parseFromString(fetchSnippet(target), 'text/html').querySelector('script')?.textContent ?? '';
  new Function(script)();
  return document.getElementById(snippetFormId(target)) as HTMLFormElement;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('HTML form snippet', () => {
  it('posts the fields of the form type to the public URL', () => {
    const element = parse(htmlFormSnippet(form));
    expect(element.getAttribute('action')).toBe(form.publicUrl);
    expect(element.getAttribute('method')).toBe('post');
    expect([...element.elements].map((e) => e.getAttribute('name')).filter(Boolean)).toEqual(['name', 'email', 'phone', 'message', '_hp']);
    // Every visible field has its label.
    for (const name of ['name', 'email', 'phone', 'message']) {
      const input = element.querySelector(`[name="${name}"]`)!;
      expect(element.querySelector(`label[for="${input.id}"]`)?.textContent).toBeTruthy();
    }
    expect(element.querySelector('[name="email"]')?.getAttribute('type')).toBe('email');
    expect(parse(htmlFormSnippet({ ...form, type: 'cv_request' })).querySelector('[name="role"]')).not.toBeNull();
  });

  it('hides the honeypot from people, keyboards, screen readers and autofill, but not from bots', () => {
    const element = parse(htmlFormSnippet(form));
    const honeypot = element.querySelector<HTMLInputElement>('[name="_hp"]')!;
    // A real text input: bots skip type="hidden", so that would catch nothing.
    expect(honeypot.type).toBe('text');
    expect(honeypot.getAttribute('tabindex')).toBe('-1');
    expect(honeypot.getAttribute('autocomplete')).toBe('off');
    const wrapper = honeypot.closest('div')!;
    expect(wrapper.getAttribute('aria-hidden')).toBe('true');
    expect(wrapper.getAttribute('style')).toContain('left: -10000px');
    expect(wrapper.getAttribute('style')).toContain('position: absolute');
  });

  it('adds the first redirect URL as _redirect only when the form has one, escaped', () => {
    expect(parse(htmlFormSnippet(form)).querySelector('[name="_redirect"]')).toBeNull();
    const redirect = 'https://www.example.com/thanks?from="form"&x=<1>';
    const input = parse(htmlFormSnippet({ ...form, redirectUrls: [redirect, 'https://other.example'] })).querySelector<HTMLInputElement>('[name="_redirect"]');
    expect(input?.type).toBe('hidden');
    expect(input?.value).toBe(redirect);
  });
});

describe('fetch() snippet', () => {
  it('sends the form as JSON to the public URL, without the redirect, and says thank you', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(JSON.stringify({ received: true }), { status: 202 }));
    vi.stubGlobal('fetch', fetchMock);
    const element = embed({ ...form, redirectUrls: ['https://www.example.com/thanks'] });
    (element.elements.namedItem('name') as HTMLInputElement).value = 'Ada Lovelace';
    (element.elements.namedItem('email') as HTMLInputElement).value = 'ada@example.com';

    element.requestSubmit();

    const status = element.querySelector('[role="status"]')!;
    await vi.waitFor(() => expect(status.textContent).toBe('Thank you! We will get back to you soon.'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(form.publicUrl);
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(init?.body))).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', phone: '', message: '', _hp: '' });
    // Reset for the next visitor.
    expect((element.elements.namedItem('name') as HTMLInputElement).value).toBe('');
  });

  it('tells the visitor when the submission fails', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(new Response('{}', { status: 400 })));
    const element = embed(form);
    // Name and email are required: the browser blocks an empty form before any script runs.
    (element.elements.namedItem('name') as HTMLInputElement).value = 'Ada Lovelace';
    (element.elements.namedItem('email') as HTMLInputElement).value = 'ada@example.com';

    element.requestSubmit();

    const status = element.querySelector('[role="status"]')!;
    await vi.waitFor(() => expect(status.textContent).toBe('Sorry, your message could not be sent. Please try again.'));
    expect(element.querySelector('button')?.disabled).toBe(false);
  });

  it('keeps a URL with "</script>" from ending the script element', () => {
    const snippet = fetchSnippet({ ...form, publicUrl: 'https://x.example/</script><b>' });
    expect(snippet.match(/<\/script>/g)).toHaveLength(1);
    expect(snippet).toContain('"https://x.example/\\u003c/script>\\u003cb>"');
  });
});
