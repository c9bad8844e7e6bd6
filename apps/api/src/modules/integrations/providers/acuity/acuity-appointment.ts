// The fields of GET /appointments/{id} that Hot Leads reads (see the provider reference). Amounts and
// durations are strings; `datetime` carries its offset without a colon.
export interface AcuityAppointment {
  id: number;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  datetime?: string | null;
  timezone?: string | null;
  price?: string | null;
  paid?: string | null;
  amountPaid?: string | null;
  duration?: string | null;
  type?: string | null;
  appointmentTypeID?: number | null;
  calendar?: string | null;
  calendarID?: number | null;
  notes?: string | null;
  canceled?: boolean | null;
  forms?: Array<{ id?: number; name?: string | null; values?: Array<{ name?: string | null; value?: string | null; fieldID?: number }> }> | null;
}
