import type { LeadType } from '@hotleads/shared';

// What the snippets need to know about a form (a subset of FormDto, so tests can build one by hand).
export interface EmbeddableForm {
  id: string;
  type: LeadType;
  publicUrl: string;
  redirectUrls: readonly string[];
  // When set, the form asks for consent: a required checkbox with this label.
  consentLabel?: string | null;
}

// Must match the API's public form fields (apps/api/src/modules/forms/submission-fields.ts).
export const HONEYPOT_FIELD = '_hp';
export const REDIRECT_FIELD = '_redirect';
export const CONSENT_FIELD = 'consent';

interface SnippetField {
  name: string;
  label: string;
  input: 'text' | 'email' | 'tel' | 'textarea';
  autocomplete?: string;
  required?: boolean;
}

const NAME: SnippetField = { name: 'name', label: 'Name', input: 'text', autocomplete: 'name', required: true };
const EMAIL: SnippetField = { name: 'email', label: 'Email', input: 'email', autocomplete: 'email', required: true };
const PHONE: SnippetField = { name: 'phone', label: 'Phone', input: 'tel', autocomplete: 'tel' };
const COMPANY: SnippetField = { name: 'company', label: 'Company', input: 'text', autocomplete: 'organization' };
const ROLE: SnippetField = { name: 'role', label: 'Job title', input: 'text', autocomplete: 'organization-title' };
const SUBJECT: SnippetField = { name: 'subject', label: 'Subject', input: 'text' };
const MESSAGE: SnippetField = { name: 'message', label: 'Message', input: 'textarea' };

// A sensible starting set per kind of lead; every field is optional for the API, and any other field a
// website adds is kept with the lead.
export const SNIPPET_FIELDS: Record<LeadType, readonly SnippetField[]> = {
  contact: [NAME, EMAIL, PHONE, MESSAGE],
  cv_request: [NAME, EMAIL, COMPANY, ROLE, MESSAGE],
  collaboration: [NAME, EMAIL, COMPANY, SUBJECT, MESSAGE],
  custom: [NAME, EMAIL, MESSAGE],
};

// Inside <script>: a "</script>" in a string must not end the element.
const jsString = (value: string) => JSON.stringify(value).replaceAll('<', '\\u003c');

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// The id the two snippets share: the script finds the form by it.
export const snippetFormId = (form: Pick<EmbeddableForm, 'id'>) => `hotleads-form-${form.id.slice(0, 8)}`;

function fieldHtml(field: SnippetField, formId: string): string {
  const id = `${formId}-${field.name}`;
  const attributes = [
    `id="${id}"`,
    `name="${field.name}"`,
    field.input === 'textarea' ? 'rows="5"' : `type="${field.input}"`,
    field.autocomplete ? `autocomplete="${field.autocomplete}"` : '',
    field.required ? 'required' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const control = field.input === 'textarea' ? `<textarea ${attributes}></textarea>` : `<input ${attributes}>`;
  return `  <p>\n    <label for="${id}">${field.label}</label>\n    ${control}\n  </p>`;
}

// A plain HTML form that posts straight to the public URL: it works without JavaScript. The honeypot is a
// real text input (bots fill those) kept off-screen, out of the tab order, hidden from screen readers and
// from autofill, so people leave it empty.
export function htmlFormSnippet(form: EmbeddableForm): string {
  const formId = snippetFormId(form);
  const redirect = form.redirectUrls[0];
  const lines = [
    `<form id="${formId}" action="${escapeHtml(form.publicUrl)}" method="post">`,
    ...SNIPPET_FIELDS[form.type].map((field) => fieldHtml(field, formId)),
    ...(form.consentLabel
      ? [
          `  <p>`,
          `    <input id="${formId}-${CONSENT_FIELD}" name="${CONSENT_FIELD}" type="checkbox" value="on" required>`,
          `    <label for="${formId}-${CONSENT_FIELD}">${escapeHtml(form.consentLabel)}</label>`,
          `  </p>`,
        ]
      : []),
    `  <!-- Spam trap: people never see this field, bots fill it in. Keep it empty and keep it hidden. -->`,
    `  <div aria-hidden="true" style="position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden;">`,
    `    <label for="${formId}-${HONEYPOT_FIELD}">Leave this field empty</label>`,
    `    <input id="${formId}-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off">`,
    `  </div>`,
    ...(redirect ? [`  <input type="hidden" name="${REDIRECT_FIELD}" value="${escapeHtml(redirect)}">`] : []),
    `  <button type="submit">Send</button>`,
    `  <p role="status"></p>`,
    `</form>`,
  ];
  return `${lines.join('\n')}\n`;
}

// A script for the form above: sends it as JSON with fetch(), so the visitor stays on the page. Works from
// the form's allowed origins only (the browser checks CORS).
export function fetchSnippet(form: EmbeddableForm): string {
  return `<script>
  // Sends the form with fetch() and shows the outcome in its status line.
  document.getElementById(${jsString(snippetFormId(form))}).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const status = form.querySelector('[role="status"]');
    const button = form.querySelector('button[type="submit"]');
    const fields = Object.fromEntries(new FormData(form));
    // A redirect is for plain HTML posts; fetch() shows its own message instead.
    delete fields.${REDIRECT_FIELD};
    button.disabled = true;
    try {
      const response = await fetch(${jsString(form.publicUrl)}, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(fields),
      });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      form.reset();
      status.textContent = 'Thank you! We will get back to you soon.';
    } catch (error) {
      status.textContent = 'Sorry, your message could not be sent. Please try again.';
    } finally {
      button.disabled = false;
    }
  });
</script>
`;
}
