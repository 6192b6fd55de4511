import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration into ./migrations after a change to src/store/schema.ts.
// The same folder is applied on PGlite and on PostgreSQL when Schoolgate opens its store.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './migrations',
});
