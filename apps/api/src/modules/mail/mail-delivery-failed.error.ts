// Thrown from a mail job when SMTP refused the message, so the job is retried.
export class MailDeliveryFailedError extends Error {}
