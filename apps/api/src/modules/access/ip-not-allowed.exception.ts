import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// The workspace's network allowlist does not include the caller's address.
export class IpNotAllowedException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'ip_not_allowed';

  constructor() {
    super(IpNotAllowedException.status, IpNotAllowedException.code, 'Address not allowed', {
      detail: "This workspace accepts this kind of access only from its allowed networks, and your address is not one of them.",
    });
  }
}

// Saving a staff allowlist that would lock out the person saving it.
export class AllowlistExcludesYouException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'allowlist_excludes_you';

  constructor(address: string) {
    super(AllowlistExcludesYouException.status, AllowlistExcludesYouException.code, 'Your address is not in the list', {
      detail: `Your current address, ${address}, is not in the staff list, so saving it would sign you out for good. Add a range that includes it.`,
      extensions: { currentAddress: address },
    });
  }
}
