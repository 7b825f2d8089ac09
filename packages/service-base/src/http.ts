/** The HTTP contract every service shares: the error body and codes, pagination, decimals, idempotency. */
export { DECIMAL_STRING_MARK, DecimalString } from './http/decimal-string.js'
export { ErrorBody, errorBodyWith, errorResponses, Problem } from './http/error-body.js'
export { BODY_REJECTIONS, RequestErrorCode, type RequestErrorCodeValue } from './http/error-codes.js'
export {
  createIdempotency,
  type Idempotency,
  IdempotencyHeaders,
  IdempotencyKeyHeader,
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  type IdempotentRequest,
  type IdempotentResult,
  type IdempotentRunOptions,
  replyIdempotent,
} from './http/idempotency.js'
export { idempotencyKeys } from './http/idempotency-keys.js'
export {
  CursorInvalidError,
  type CursorKey,
  CursorPart,
  decodeCursor,
  encodeCursor,
  PAGE_LIMIT,
  PageQuery,
  pageOf,
  paginate,
} from './http/pagination.js'
export { canonicalJson, fingerprintRequest } from './http/request-fingerprint.js'
