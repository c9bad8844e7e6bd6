import { UserDto } from './user.dto';

export class UserPageDto {
  data: UserDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
