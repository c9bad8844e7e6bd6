// One rep's numbers over the leads created in the period and assigned to them now.
export class RepStatsDto {
  /** The assignee's user id. */
  assigneeId: string;
  /** Their name (or email when they have none); null when the user no longer exists. */
  name: string | null;
  /** Leads assigned to them. */
  assigned: number;
  /** Of those, contacted at least once. */
  contacted: number;
  /** Exact median seconds from creation to first contact over their contacted leads; null when none. */
  medianSecondsToFirstContact: number | null;
  /** Leads first contacted after their respond-by time, plus those still waiting past it now. */
  slaBreaches: number;
  /** Leads now converted. */
  conversions: number;
  /** conversions / assigned, 0 to 1 (the same definition as the stats' conversion rate); null without leads. */
  conversionRate: number | null;
}
