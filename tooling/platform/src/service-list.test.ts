import { describe, expect, it } from 'vitest'
import { loadServices, parseServiceList } from './service-list.js'

describe('the service list', () => {
  it('reads the root services.json: names and distinct local ports', () => {
    const services = loadServices()
    expect(services.length).toBeGreaterThanOrEqual(3)
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['external', 'orders', 'inventory']))
    expect(new Set(services.map((s) => s.port)).size).toBe(services.length)
  })

  it('reports every problem at once, with the entry it is in', () => {
    const json = {
      services: [
        { name: 'orders', port: 3002 },
        { name: 'orders', port: 3003 },
        { name: 'Bad-Name', port: 3002 },
        { name: 'billing', port: 80 },
      ],
    }
    expect(() => parseServiceList(json)).toThrowError(
      expect.objectContaining({
        code: 'PLATFORM_SERVICE_LIST_INVALID',
        message: expect.stringMatching(
          /services\[1\]: "orders" is declared twice[\s\S]*services\[2\]\.name[\s\S]*port 3002 is taken[\s\S]*services\[3\]\.port/,
        ),
      }),
    )
  })

  it('refuses a file without a services array', () => {
    expect(() => parseServiceList({ service: [] })).toThrowError(/expected \{ "services"/)
  })
})
