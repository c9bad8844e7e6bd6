import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { checkNewPassword, PasswordStrengthInput, verdictOf } from './password-strength';

function Harness({ context }: { context?: { email?: string; name?: string } }) {
  const [value, setValue] = useState('');
  return <PasswordStrengthInput label="Password" value={value} onChange={setValue} context={context} />;
}

function renderInput(context?: { email?: string; name?: string }) {
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      <Harness context={context} />
    </AppProvider>,
  );
  const input = screen.getByLabelText('Password');
  const meter = () => screen.getByTestId('password-strength');
  // Replaces the value in one go: typing 30 characters one by one would score each prefix.
  const enter = async (password: string) => {
    await user.clear(input);
    await user.click(input);
    await user.paste(password);
  };
  return { input, meter, enter };
}

describe('PasswordStrengthInput', () => {
  it('explains the rule before anything is typed, and describes the input with the meter', () => {
    const { input, meter } = renderInput();
    expect(meter()).toHaveTextContent('Use at least 12 characters.');
    expect(meter()).toHaveAttribute('data-filled', '0');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(meter().parentElement!.id);
    expect(input).toHaveAttribute('autocomplete', 'new-password');
  });

  it('refuses a short password, whatever its strength, with the API rule', async () => {
    const { meter, enter } = renderInput();
    await enter('x7#Qm!');
    await waitFor(() => expect(meter()).toHaveTextContent('Not strong enough: Use at least 12 characters.'));
    expect(Number(meter().dataset.filled)).toBeLessThanOrEqual(2);
  });

  it('refuses a common password even when it is long enough', async () => {
    const { meter, enter } = renderInput();
    await enter('password1234');
    await waitFor(() => expect(meter()).toHaveTextContent('This password is on a list of commonly used passwords; choose another one.'));
  });

  it('refuses a password made of the user’s own name, which zxcvbn is told about', async () => {
    const { meter, enter } = renderInput({ name: 'Zbigniew Kowalczyk' });
    await enter('Zbigniewkowalczyk');
    await waitFor(() => expect(meter()).toHaveTextContent('This password is too easy to guess; a few unrelated words make a strong one.'));
    expect(await checkNewPassword('Zbigniewkowalczyk', { name: 'Zbigniew Kowalczyk' })).toBe(
      'This password is too easy to guess; a few unrelated words make a strong one.',
    );
    // Without the name it is a strong password: the meter really uses the context.
    expect(await checkNewPassword('Zbigniewkowalczyk')).toBeNull();
  });

  it('refuses a password containing the email address', async () => {
    const { meter, enter } = renderInput({ email: 'margaret.hamilton@example.com' });
    await enter('velvet-margaret.hamilton-orbit');
    await waitFor(() => expect(meter()).toHaveTextContent('Your password must not contain your email address.'));
  });

  it('accepts a passphrase of unrelated words and fills the bar', async () => {
    const { meter, enter } = renderInput();
    await enter('velvet orbit canyon mango');
    await waitFor(() => expect(meter()).toHaveTextContent(/^(Strong|Very strong): This password will be accepted\.$/));
    expect(Number(meter().dataset.filled)).toBeGreaterThanOrEqual(3);
    expect(await checkNewPassword('velvet orbit canyon mango')).toBeNull();
  });
});

describe('verdictOf', () => {
  it('never shows a refused password as more than half strong', () => {
    expect(verdictOf({ score: 4, problem: 'Use at least 12 characters.' })).toMatchObject({ filled: 2, label: 'Not strong enough' });
    expect(verdictOf({ score: 0, problem: 'Use at least 12 characters.' })).toMatchObject({ filled: 1, color: 'red' });
    expect(verdictOf({ score: 3, problem: null })).toMatchObject({ filled: 3, label: 'Strong' });
    expect(verdictOf({ score: 4, problem: null })).toMatchObject({ filled: 4, label: 'Very strong' });
  });
});
