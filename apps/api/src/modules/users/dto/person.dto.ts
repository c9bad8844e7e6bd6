// A member of the workspace as colleagues see them: enough to name who holds a lead, nothing more.
export class PersonDto {
  id: string;
  /** Their name (their email when they have not given one). */
  name: string;
  /** active, invited or disabled: a disabled colleague may still hold leads. */
  status: string;
}
