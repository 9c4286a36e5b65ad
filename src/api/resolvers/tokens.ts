/**
 * Token management, for admins only. Secrets are shown once, at creation.
 */
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createToken, listTokens, revokeToken } from '../../store/index.js';
import { CAN_ADMIN } from '../auth.js';
import type { ApiContext } from '../context.js';
import { Role } from '../types/enums.js';
import { ApiToken, CreatedToken } from '../types/tokens.js';

/** `tokens`, `createToken` and `revokeToken`. */
@Resolver()
export class TokenResolver {
  @Authorized(CAN_ADMIN)
  @Query(() => [ApiToken], { description: 'Every token, oldest first, revoked ones included.' })
  async tokens(@Ctx() ctx: ApiContext): Promise<ApiToken[]> {
    return (await listTokens(ctx.store)) as ApiToken[];
  }

  @Authorized(CAN_ADMIN)
  @Mutation(() => CreatedToken, {
    description: 'Creates a token. Its secret is in the answer and nowhere else, ever.',
  })
  async createToken(
    @Ctx() ctx: ApiContext,
    @Arg('role', () => Role, { description: 'What the token may do.' }) role: Role,
    @Arg('name', () => String, { nullable: true, description: 'A label, e.g. `dashboard`.' })
    name: string | null,
  ): Promise<CreatedToken> {
    const created = await createToken(ctx.store, { role, name: name ?? null });
    return { id: created.id, role: created.role as Role, name: created.name, token: created.token };
  }

  @Authorized(CAN_ADMIN)
  @Mutation(() => ApiToken, {
    description: 'Revokes a token: requests with it fail from now on. NOT_FOUND for unknown ids.',
  })
  async revokeToken(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID, { description: 'The token id.' }) id: string,
  ): Promise<ApiToken> {
    const revoked = (await revokeToken(ctx.store, id)) as ApiToken;
    ctx.caches.clearTokens();
    return revoked;
  }
}
