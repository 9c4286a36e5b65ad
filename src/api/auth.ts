/**
 * Who is calling, and what their role lets them do.
 *
 * Every request must carry `Authorization: Bearer TOKEN`; the HTTP handler
 * refuses requests without a valid token before GraphQL runs (401,
 * `UNAUTHENTICATED`), so resolvers always have a caller. Each operation then
 * declares which roles may run it with `@Authorized(...)`, and the checker
 * below refuses the rest with `FORBIDDEN`.
 */
import type { AuthChecker } from 'type-graphql';
import { apiError } from './errors.js';
import type { ApiContext } from './context.js';
import { Role } from './types/enums.js';

/** The authenticated caller. */
export interface Caller {
  tokenId: string;
  role: Role;
  /** The token's label; recorded as author or actor of what the caller changes. */
  name: string | null;
}

/**
 * Roles allowed per kind of work. `ingest` tokens cannot read: they live in
 * data pipelines, and a leaked pipeline secret should not expose scores.
 */
export const CAN_READ = [Role.viewer, Role.editor, Role.admin];
/** Roles that may record observations and outcomes. */
export const CAN_INGEST = [Role.ingest, Role.admin];
/** Roles that may check, publish and activate rules and set overrides. */
export const CAN_EDIT = [Role.editor, Role.admin];
/** Roles that may manage tokens. */
export const CAN_ADMIN = [Role.admin];

/** Reads the token from an `Authorization` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** The type-graphql auth checker: the caller's role must be among those listed. */
export const authChecker: AuthChecker<ApiContext, Role> = ({ context, info }, roles) => {
  const caller = context.caller;
  if (!caller) throw apiError('UNAUTHENTICATED', 'A valid bearer token is required.');
  if (roles.length === 0 || roles.includes(caller.role)) return true;
  throw apiError(
    'FORBIDDEN',
    `The ${caller.role} role may not use ${info.parentType.name}.${info.fieldName}; ` +
      `it needs one of: ${roles.join(', ')}.`,
    { requiredRoles: roles, role: caller.role },
  );
};
