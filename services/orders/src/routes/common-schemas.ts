import { Type } from 'typebox'

/** `{ code, message }`: every 4xx answer of the service (and of the chassis). */
export const ErrorBody = Type.Object(
  { code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) },
  { description: 'An error; branch on `code`, show `message`.' },
)

export const errorResponses = {
  400: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
}

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Makes the POST safe to retry: the same key and body return the first answer and create nothing new.',
    }),
  ),
})

export const Timestamp = Type.String({ format: 'date-time' })

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size (1-100).' }),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: '`nextCursor` of the previous page.' }),
  ),
}

export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'Pass as `cursor` to get the next page; null on the last page.',
})
