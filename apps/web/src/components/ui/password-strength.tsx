import type * as PasswordPolicyModule from '@hotleads/shared/password-policy';
import type { PasswordAssessment, PasswordContext } from '@hotleads/shared/password-policy';
import { Box, PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';

type PasswordPolicy = typeof PasswordPolicyModule;

let loadedPolicy: PasswordPolicy | undefined;
let loadingPolicy: Promise<PasswordPolicy> | undefined;

// The policy's dictionaries weigh about a megabyte: they load in their own chunk, only where a password is set.
export function loadPasswordPolicy(): Promise<PasswordPolicy> {
  loadingPolicy ??= import('@hotleads/shared/password-policy').then(
    (policy) => (loadedPolicy = policy),
    (error: unknown) => {
      // A failed chunk download may succeed on the next attempt.
      loadingPolicy = undefined;
      throw error;
    },
  );
  return loadingPolicy;
}

// What the API will say about this password (the same code runs there): null when it will be accepted.
// When the policy cannot be loaded the API, which checks anyway, has the last word.
export async function checkNewPassword(password: string, context: PasswordContext = {}): Promise<string | null> {
  const policy = await loadPasswordPolicy().catch(() => undefined);
  return policy ? policy.checkPassword(password, context) : null;
}

function usePasswordPolicy(): PasswordPolicy | undefined {
  const [policy, setPolicy] = useState(loadedPolicy);
  useEffect(() => {
    if (policy) return;
    let current = true;
    loadPasswordPolicy().then(
      (loaded) => current && setPolicy(loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [policy]);
  return policy;
}

interface Verdict {
  label: string;
  message: string;
  filled: number;
  color: string;
}

const SEGMENTS = 4;

// A refused password never fills more than half the bar, whatever zxcvbn thinks of it.
export function verdictOf({ score, problem }: PasswordAssessment): Verdict {
  if (problem) {
    const filled = Math.min(Math.max(score, 1), 2);
    return { label: 'Not strong enough', message: problem, filled, color: filled === 1 ? 'red' : 'orange' };
  }
  return score === 4
    ? { label: 'Very strong', message: 'This password will be accepted.', filled: 4, color: 'green' }
    : { label: 'Strong', message: 'This password will be accepted.', filled: 3, color: 'teal' };
}

const HINT = 'Use at least 12 characters. A few unrelated words make a strong password that is easy to remember.';

// Inside the input's description, which Mantine renders as a <p> linked to the input by aria-describedby,
// so only phrasing elements (spans) here, and the text is read out with the field.
function StrengthMeter({ password, assessment }: { password: string; assessment: PasswordAssessment | undefined }) {
  const verdict = assessment && password ? verdictOf(assessment) : undefined;
  return (
    <Box component="span" display="block" mt={6} data-testid="password-strength" data-filled={verdict?.filled ?? 0}>
      <Box component="span" display="flex" aria-hidden style={{ gap: 4 }} mb={6}>
        {Array.from({ length: SEGMENTS }, (_, index) => (
          <Box
            key={index}
            component="span"
            h={6}
            style={{
              flex: 1,
              borderRadius: 3,
              background:
                verdict && index < verdict.filled ? `var(--mantine-color-${verdict.color}-filled)` : 'var(--mantine-color-default-border)',
            }}
          />
        ))}
      </Box>
      {!password ? (
        HINT
      ) : verdict ? (
        <>
          <Box component="strong" fw={600}>
            {verdict.label}:
          </Box>{' '}
          {verdict.message}
        </>
      ) : (
        'Checking the strength…'
      )}
    </Box>
  );
}

export interface PasswordStrengthInputProps extends Omit<PasswordInputProps, 'value' | 'onChange' | 'description' | 'inputWrapperOrder'> {
  value: string;
  onChange: (value: string) => void;
  // The user's email and name: a password made of them is easy to guess.
  context?: PasswordContext;
}

// A new-password field with a strength meter applying the API's own rules (length, common passwords, zxcvbn
// score with the user's email and name). Pair it with checkNewPassword() before submitting.
export function PasswordStrengthInput({ value, onChange, context, ...props }: PasswordStrengthInputProps) {
  const policy = usePasswordPolicy();
  // Scoring takes a few milliseconds per keystroke: typing stays ahead of it.
  const password = useDeferredValue(value);
  const email = context?.email;
  const name = context?.name;
  const assessment = useMemo(
    () => (policy && password ? policy.assessPassword(password, { email, name }) : undefined),
    [policy, password, email, name],
  );
  return (
    <PasswordInput
      autoComplete="new-password"
      // Mantine's PasswordInput links the error by aria-describedby but does not mark the field invalid.
      aria-invalid={props.error ? true : undefined}
      {...props}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      description={<StrengthMeter password={password} assessment={assessment} />}
    />
  );
}
