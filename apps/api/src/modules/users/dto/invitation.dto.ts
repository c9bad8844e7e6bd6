import { UserDto } from './user.dto';

export class InvitationDto {
  user: UserDto;
  /** The link to send if the email did not go out; valid for 7 days, single use. */
  invitationUrl: string;
  emailSent: boolean;
}
