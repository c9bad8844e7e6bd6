import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Accepting an invitation with an address that already has an account elsewhere: one address, one account.
export class AddressHasAccountException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'address_has_account';

  constructor() {
    super(AddressHasAccountException.status, AddressHasAccountException.code, 'Address already has an account', {
      detail:
        'This address already has a Hot Leads account in another workspace, and one address belongs to one workspace. Ask to be invited with another address, or delete the other account first.',
    });
  }
}
