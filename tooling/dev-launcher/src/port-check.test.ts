import { describe, expect, it } from 'vitest'
import { parseListeningInodes } from './port-check.js'

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BBA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000:0BBA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0
   2: 0100007F:0BBA 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 5555 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:0BB9 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6666 1 0000000000000000 100 0 0 10 0
`

describe('parseListeningInodes', () => {
  it('finds the sockets listening on a port (3002 = 0x0BBA), not its connections or other ports', () => {
    expect(parseListeningInodes(TABLE, 3002)).toEqual(['4242', '4343'])
    expect(parseListeningInodes(TABLE, 3003)).toEqual([])
  })
})
