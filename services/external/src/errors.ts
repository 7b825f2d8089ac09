import createError from '@fastify/error'

/** Domain errors: stable codes callers and tests branch on. Messages say what to do. */
export const LocationNotFoundError = createError(
  'EXTERNAL_LOCATION_NOT_FOUND',
  'Location %s does not exist; list locations with GET /api/v1/locations',
  404,
)
export const LocationNameTakenError = createError(
  'EXTERNAL_LOCATION_NAME_TAKEN',
  'A location named "%s" already exists; pick another name or use the existing location',
  409,
)
export const RangeInvalidError = createError('EXTERNAL_RANGE_INVALID', '%s', 400)
export const RangeTooLongError = createError('EXTERNAL_RANGE_TOO_LONG', '%s', 400)
export const ValueInvalidError = createError('EXTERNAL_VALUE_INVALID', '%s', 400)
export const BatchTooLargeError = createError(
  'EXTERNAL_BATCH_TOO_LARGE',
  'body has %s items; send at most %s per request (split the batch)',
  413,
)
export const BatchDuplicateKeyError = createError('EXTERNAL_BATCH_DUPLICATE_KEY', '%s', 400)

/**
 * The weather provider failed: unreachable, 5xx, an answer we cannot read (502
 * `EXTERNAL_PROVIDER_FAILED`) or no answer in time (504 `EXTERNAL_PROVIDER_TIMEOUT`). The sync route
 * answers these itself: the chassis error handler turns every non-4xx status into a bare 500.
 */
export class ProviderError extends Error {
  readonly code: 'EXTERNAL_PROVIDER_FAILED' | 'EXTERNAL_PROVIDER_TIMEOUT'
  readonly statusCode: 502 | 504
  constructor(kind: 'failed' | 'timeout', message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ProviderError'
    this.code = kind === 'failed' ? 'EXTERNAL_PROVIDER_FAILED' : 'EXTERNAL_PROVIDER_TIMEOUT'
    this.statusCode = kind === 'failed' ? 502 : 504
  }
}
