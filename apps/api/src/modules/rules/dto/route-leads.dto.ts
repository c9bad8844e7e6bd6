export class RouteLeadsResultDto {
  /** Unassigned leads looked at. */
  considered: number;
  /** Of those, how many a rule assigned. */
  assigned: number;
  /** Per user id: how many leads they received. */
  byUser: Record<string, number>;
}
