export class AcceptedDto {
  accepted: true;
}
