// What the sign-in page needs to offer a workspace's single sign-on; public.
export class SsoWorkspaceDto {
  workspaceId: string;
  workspaceName: string;
  /** "Sign in with <providerName>". */
  providerName: string;
  /** Where the sign-in button goes. */
  startUrl: string;
}
