/** Whether `zone` is an IANA time zone this runtime (and so, in practice, PostgreSQL) knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The calendar date (`YYYY-MM-DD`) at `instant` in `zone`. */
export function localDate(instant: Date, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant)
}

const minuteFormatters = new Map<string, Intl.DateTimeFormat>()

/** Whether `instant` is the first instant of an hour on the clocks of `zone` (`10:00:00.000`). */
export function isLocalHourStart(instant: Date, zone: string): boolean {
  if (instant.getUTCMilliseconds() !== 0 || instant.getUTCSeconds() !== 0) return false
  let format = minuteFormatters.get(zone)
  if (!format) {
    // Zones with :30 / :45 offsets (Asia/Kolkata) start their hours off the UTC hour.
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, minute: 'numeric' })
    minuteFormatters.set(zone, format)
  }
  return Number(format.format(instant)) === 0
}
