import { Center, Group, Paper, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { redirect, useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { safeNext } from '@/config/paths';
import { restoreSession, useSession } from '@/lib/session';
import { SignInForm } from '../components/sign-in-form';

// Already signed in (a still-valid refresh cookie): straight on.
async function signInLoader({ request }: LoaderFunctionArgs) {
  const session = await restoreSession();
  if (session.status === 'signed-in') throw redirect(safeNext(new URL(request.url).searchParams.get('next')));
  return null;
}

function SignInRoute() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const expired = session.status === 'signed-out' && session.expired;
  return (
    <Center mih="100vh" p="md">
      <title>Sign in · Hot Leads</title>
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Group justify="space-between" mb="lg">
          <Group gap={6}>
            <IconFlame size={28} stroke={1.75} color="var(--mantine-primary-color-filled)" aria-hidden />
            <Text fw={700} fz="lg">
              Hot Leads
            </Text>
          </Group>
          <ThemeToggle />
        </Group>
        {expired && (
          <Text size="sm" c="dimmed" mb="md" role="status">
            Your session ended. Sign in again to continue where you were.
          </Text>
        )}
        <SignInForm onSignedIn={() => void navigate(safeNext(search.get('next')), { replace: true })} />
      </Paper>
    </Center>
  );
}

export const page: PageFactory = () => ({ Component: SignInRoute, loader: signInLoader });
