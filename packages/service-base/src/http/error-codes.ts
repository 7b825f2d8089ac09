/**
 * The codes the chassis answers with, whatever the service. Clients branch on `code`; each
 * service adds its own, prefixed with its name (`ORDERS_NOT_FOUND`).
 */
export const RequestErrorCode = {
  /** 400: the body, query string, path or headers break the route's schema; `errors` lists each. */
  invalid: 'REQUEST_INVALID',
  /** 400: Content-Type says JSON but the body does not parse. */
  jsonInvalid: 'REQUEST_JSON_INVALID',
  /** 400: the route needs a body and none was sent. */
  bodyEmpty: 'REQUEST_BODY_EMPTY',
  /** 413: the body is larger than the service reads (1 MiB). */
  bodyTooLarge: 'REQUEST_BODY_TOO_LARGE',
  /** 415: a body that is not `application/json`. */
  mediaTypeUnsupported: 'REQUEST_MEDIA_TYPE_UNSUPPORTED',
  /** 400: a decimal field sent as a JSON number instead of a string. */
  decimalNotString: 'REQUEST_DECIMAL_NOT_STRING',
  /** 400: `cursor` is not one this endpoint issued. */
  cursorInvalid: 'REQUEST_CURSOR_INVALID',
  /** 422: an `Idempotency-Key` reused with a different body. */
  idempotencyKeyReused: 'REQUEST_IDEMPOTENCY_KEY_REUSED',
  /** 409: the first request with this `Idempotency-Key` is still running. */
  idempotencyKeyInFlight: 'REQUEST_IDEMPOTENCY_KEY_IN_FLIGHT',
  /** 404: no route has this path. */
  routeNotFound: 'ROUTE_NOT_FOUND',
  /** 405: the path exists, the method does not; `Allow` lists those that do. */
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** 503: the database is unreachable; retry after `Retry-After`. */
  databaseUnavailable: 'SVC_DB_UNAVAILABLE',
  /** 500: a fault of the service; `requestId` finds its log line. */
  internal: 'INTERNAL',
} as const

export type RequestErrorCodeValue = (typeof RequestErrorCode)[keyof typeof RequestErrorCode]

/** The 4xx answers every route with a JSON body can give, whatever its schema says. */
export const BODY_REJECTIONS = {
  400: [RequestErrorCode.invalid, RequestErrorCode.jsonInvalid, RequestErrorCode.bodyEmpty],
  413: [RequestErrorCode.bodyTooLarge],
  415: [RequestErrorCode.mediaTypeUnsupported],
} as const
