import type { ActorRole, FeedbackEvent } from '../../src/contract/index.ts';
import { ActorNotGrantedError } from '../errors.ts';

/**
 * What a verified token lets its caller say about who answered. Zendesk's proxy signs only the claims the app asks
 * for (`jwt.claims`: `iss`, `sub`) and none that names a role, so no installation token proves more than "an agent of
 * this account": agents answer in the sidebar, and any agent may open the review queue. Why: docs/decisions/2026-12-07-feedback-actor.md.
 */
export interface ActorGrant {
  /** The token's `sub` (the Zendesk user id the app signs in), or null when the token names none. */
  readonly subject: string | null;
  readonly roles: readonly ActorRole[];
}

/** Roles an installation token grants. `admin` is none of them: nothing in the token can prove it. */
export const INSTALLATION_ROLES: readonly ActorRole[] = ['agent', 'reviewer'];

/** The grant of a verified installation token, from its claims. */
export function installationGrant(claims: Record<string, unknown>): ActorGrant {
  const sub = claims.sub;
  const subject = typeof sub === 'string' && sub !== '' ? sub : typeof sub === 'number' ? String(sub) : null;
  return { subject, roles: INSTALLATION_ROLES };
}

/** Throws ACTOR_NOT_GRANTED (403) when the event's actor claims a role or an identity the grant does not hold. */
export function checkActor(actor: FeedbackEvent['actor'], grant: ActorGrant): void {
  if (!grant.roles.includes(actor.role)) {
    throw new ActorNotGrantedError(
      'actor.role',
      `actor.role must be one of ${grant.roles.join(', ')}: this token does not grant the role it names`,
    );
  }
  if (grant.subject !== null && actor.id !== grant.subject) {
    throw new ActorNotGrantedError(
      'actor.id',
      "actor.id must be the token's subject (sub), the user the app signed in",
    );
  }
}
