import fc from 'fast-check'

/** Strings shaped like SQL injection: a parameterised query stores and returns them literally. */
export const SQL_INJECTION = [
  "Robert'); DROP TABLE customers;--",
  "' OR '1'='1",
  "'; DELETE FROM ingredients WHERE ''='",
  '1; SELECT pg_sleep(10)--',
  "x' UNION SELECT usename, passwd FROM pg_shadow--",
  '$$; DROP SCHEMA public CASCADE; $$',
  '\\x27; TRUNCATE stock_movements; --',
  'O\'Brien & "Sons" \\ ; -- /* */',
]

const WEIRD = [
  '',
  ' ',
  '\u0000',
  'nul\u0000byte',
  '\uD800',
  '\u202Eevil',
  '🥐🥖',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '-1',
  '0.0000000001',
  '99999999999999999999999999999',
  '2024-02-30',
  '9999-12-31T24:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  '../../etc/passwd',
  '%00',
  '{"$gt":""}',
  '__proto__',
  'constructor',
]

/** Strings meant to break parsers, validators, decimal maths and SQL. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_INJECTION, ...WEIRD),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 3 }).map((s) => s.repeat(400)),
  fc.stringMatching(/^-?\d{1,25}(\.\d{1,12})?$/),
)

/** Numbers at the edges of what JSON, JavaScript and PostgreSQL types hold. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, 0.1 + 0.2),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)

/** Any JSON at all, in the wrong place. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 })
