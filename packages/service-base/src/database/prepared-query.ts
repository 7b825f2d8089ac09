/**
 * A drizzle query built once per database handle, for a statement of fixed shape whose values are
 * `sql.placeholder(...)`s and whose builder ends in `.prepare(name)`.
 *
 * Why: drizzle sends a query not built with `.prepare()` unprepared, and postgres.js sends an
 * unprepared statement that has parameters in two round trips (Parse/Describe, then Bind/Execute),
 * which PostgreSQL parses and plans again every time; building the query costs CPU on every request
 * too. A prepared one goes in one round trip (postgres.js keeps it per connection, keyed by its text).
 * The pool's handle keeps its queries for the life of the process; a transaction's handle is new
 * each time, so its queries are built per transaction but still go prepared, in one round trip.
 */
export function prepareOnce<TDb extends object, TQuery>(build: (db: TDb) => TQuery): (db: TDb) => TQuery {
  const built = new WeakMap<TDb, TQuery>()
  return (db) => {
    let query = built.get(db)
    if (query === undefined) {
      query = build(db)
      built.set(db, query)
    }
    return query
  }
}
