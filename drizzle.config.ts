/**
 * drizzle-kit configuration: `npm run db:generate` writes SQL migrations for
 * `src/store/schema.ts` into `drizzle/`, where every command that opens the
 * store applies them on start-up.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
