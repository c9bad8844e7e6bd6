import { paths } from '@/config/paths';
import { useHostWorkspace } from '../api/workspace-access';
import { HostWorkspaceHeading } from './find-workspace-form';

// The sign-in page's line about the host: the workspace's name, or on the apex where to go instead.
export function HostWorkspaceNotice() {
  const { data } = useHostWorkspace();
  if (!data || data.host === 'single') return null;
  return <HostWorkspaceHeading name={data.name} apex={data.host === 'apex'} findHref={paths.findWorkspace.getHref()} />;
}
