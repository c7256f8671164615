/** Pure: who gets what when the meeting's settings change (used by the Worker and its stand-in). */

export interface Attendee { email: string; name: string | null }

/** Who gets the invitation (or its update), and who a cancellation. */
export interface InvitationPlan {
  request: Attendee[];
  cancel: Attendee[];
}

/**
 * Everyone on the list gets the invitation at the new SEQUENCE; anyone who holds an earlier
 * one and is no longer invited (or everyone, when the meeting is turned off) gets a
 * cancellation, so no calendar keeps a meeting that will not happen.
 */
export function planInvitations(enabled: boolean, attendees: Attendee[], holders: string[]): InvitationPlan {
  if (!enabled) return { request: [], cancel: holders.map((email) => ({ email, name: null })) };
  const invited = new Set(attendees.map((a) => a.email));
  return { request: attendees, cancel: holders.filter((e) => !invited.has(e)).map((email) => ({ email, name: null })) };
}
