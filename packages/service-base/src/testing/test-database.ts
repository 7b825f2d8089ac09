import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

export interface TestDatabase {
  name: string
  /** Superuser URL of the new database. */
  url: string
  drop(): Promise<void>
}

/** Creates a fresh, uniquely named database on the server behind `adminUrl`. */
export async function createTestDatabase(adminUrl: string, prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase()
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false })
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false })
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await a.end()
      }
    },
  }
}
