/**
 * API tokens. Only admins see or manage them; the secret is shown once.
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './enums.js';
import { DateTime } from './scalars.js';

@ObjectType({ description: 'An API token, without its secret.' })
export class ApiToken {
  @Field(() => ID, { description: 'The token id, used to revoke it.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'A label, e.g. `dashboard`.' })
  name!: string | null;

  @Field(() => Role, { description: 'What it may do.' })
  role!: Role;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked; null: in use.' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new token. `token` is shown this once and never stored.' })
export class CreatedToken {
  @Field(() => ID, { description: 'The token id.' })
  id!: string;

  @Field(() => Role, { description: 'What it may do.' })
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Its label.' })
  name!: string | null;

  @Field(() => String, { description: 'The secret to send as `Authorization: Bearer …`.' })
  token!: string;
}
