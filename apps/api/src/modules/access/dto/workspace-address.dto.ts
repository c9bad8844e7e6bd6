import { IsString, MaxLength } from 'class-validator';

export class WorkspaceAddressDto {
  /** The first label of the workspace's host name. */
  slug: string;
  /** `https://{slug}.{BASE_DOMAIN}`; null when workspaces share one host (BASE_DOMAIN unset). */
  url: string | null;
  /** The domain workspaces live under; null when unset. */
  baseDomain: string | null;
}

export class UpdateWorkspaceAddressDto {
  /** 3 to 40 lower-case letters, digits and hyphens; unique; a few names are reserved. */
  @IsString()
  @MaxLength(100)
  slug: string;
}

export class HostWorkspaceDto {
  /** `single`: every workspace on one host; `apex`: the base domain itself; `workspace`: a workspace's own host. */
  host: 'single' | 'apex' | 'workspace';
  /** The workspace of this host; null unless `host` is `workspace`. */
  name: string | null;
  slug: string | null;
  /** The apex address (sign-up, finding your workspace); null with one host. */
  apexUrl: string | null;
  /** Whether this host offers sign-up: ALLOW_SIGNUP is on and this is not a workspace's host. */
  signupAllowed: boolean;
}

export class FindWorkspaceDto {
  @IsString()
  @MaxLength(320)
  email: string;
}

export class WorkspaceFinderAcceptedDto {
  accepted: true;
}
