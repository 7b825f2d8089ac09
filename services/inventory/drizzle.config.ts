import { defineConfig } from 'drizzle-kit'

// drizzle-kit only generates here; migrations are applied by `node dist/migrate.js` (the Job).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
})
