import { PageQuery as SharedPageQuery } from '@bakery/service-base/http'
import { Type } from 'typebox'

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

export const Timestamp = Type.String({ format: 'date-time' })

export const PageQuery = SharedPageQuery
