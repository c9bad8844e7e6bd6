// Leads created in rolling windows ending now, beside the window just before, for comparison.
export class LeadVelocityDto {
  /** Created in the last 24 hours. */
  last24h: number;
  /** Created in the 24 hours before that. */
  previous24h: number;
  /** Created in the last 7 days. */
  last7d: number;
  /** Created in the 7 days before that. */
  previous7d: number;
}
