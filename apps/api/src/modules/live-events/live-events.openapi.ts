// The contract of GET /api/v1/events, shown in the API docs.
export const LIVE_EVENTS_DESCRIPTION = `Server-Sent Events (\`text/event-stream\`) announcing changes to the caller's workspace, for keeping
lists and counters fresh without polling. Every path that writes leads is announced (API intake, forms,
imports, bulk actions, edits, trash, purge): the events come from statement-level triggers on the leads
table, one event per statement and kind of change.

**Connecting.** Send the usual credential (\`Authorization: Bearer <access token>\` or an API key with
\`leads:read\`); read the body as it arrives (e.g. \`fetch\` and a stream reader). The stream starts with
\`retry: 3000\` and a \`ready\` event.

**Events** (\`event:\` name, \`data:\` one line of JSON):
- \`ready\` \`{"resumed": boolean}\`: the stream is live. Unless it resumes a previous one it carries an \`id:\`,
  the cursor to send back when reconnecting.
- \`lead.created\`, \`lead.updated\`, \`lead.deleted\` \`{"ids": [...], "count": N}\`: one statement changed \`count\`
  leads; \`ids\` lists them when there are at most 100, and is empty otherwise (refetch what you show).
  \`lead.deleted\` covers moving to the trash, changes while in the trash and deletion for good; taking a
  lead out of the trash is \`lead.updated\`. A lead can be announced more than once: treat events as hints
  to refetch, not as a log to replay.
- \`delivery.changed\` \`{"ids": [], "count": N}\`: one statement processed, failed, replayed, rejected,
  recorded as duplicate or purged \`count\` webhook deliveries of the workspace (\`ids\` is always empty):
  refetch the delivery lists you show. A delivery just acknowledged is announced once its processing ends.
- \`notification.changed\` \`{"ids": [], "count": N}\`: notifications of someone in the workspace arrived
  or were marked read (\`ids\` is always empty): refetch your own unread count and list.
- \`stats.changed\` \`{"count": N}\`: after each batch of lead events; counters and charts may have moved.
- \`resync\` \`{}\`: the server cannot tell what was missed (the cursor is older than the retained
  \`LIVE_RETENTION_MINUTES\`, default 60, or more than 500 events were missed): refetch everything.
- \`close\` \`{"reason": "token_expired" | "revoked" | "shutdown"}\`: the last event before the server ends the
  stream.

Lead events carry \`id:\`: opaque, 22 characters, meaningful only to this workspace's streams (they do not
count anything; do not compare them). A comment line
(\`: ping\`) arrives every \`LIVE_HEARTBEAT_SECONDS\` (default 15).

**Resuming.** Reconnect with the last \`id:\` seen in the \`Last-Event-ID\` header (or the \`lastEventId\`
query parameter): the events after it are replayed after \`ready\`, or \`resync\` is sent when it is too old.

**Ending.** The server ends the stream when the access token expires (refresh it, then reconnect), when
the session is signed out or revoked, the key revoked or the permission withdrawn (checked at every
heartbeat; reconnecting then answers 401 or 403), and at shutdown (reconnect after the \`retry\` delay).
At most \`LIVE_MAX_STREAMS_PER_PRINCIPAL\` (default 20) streams per user or key per API process; more
answer 429 \`too_many_streams\`.`;
