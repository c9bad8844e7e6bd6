// The same answer whether the submission made a new lead, merged into one, or was spam.
export class SubmissionReceivedDto {
  received: true;
}
