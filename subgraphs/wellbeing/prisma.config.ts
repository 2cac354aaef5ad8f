import { defineConfig } from 'prisma/config';

// Migrations are applied at start by shared/src/db/migrations.ts (no schema-engine download needed);
// `prisma migrate deploy` works on the same files where the Prisma binary is available.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/wellbeing' },
});
