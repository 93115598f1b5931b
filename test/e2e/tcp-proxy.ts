import { createServer, type Server, type Socket, connect } from 'node:net'

/** A TCP proxy on loopback the test can cut, freeze and restore, to take the database away mid-run. */
export interface TcpProxy {
  port: number
  /** Drops every open connection and refuses new ones (a database that went down). */
  cut: () => void
  /**
   * Stops carrying bytes but keeps every connection open, new ones included (a network that
   * silently drops packets): whoever waits for an answer waits until `restore`.
   */
  freeze: () => void
  /** Accepts connections and carries bytes again. */
  restore: () => void
  close: () => Promise<void>
}

interface Link {
  client: Socket
  upstream: Socket
}

export async function startTcpProxy(target: { host: string, port: number }): Promise<TcpProxy> {
  const links = new Set<Link>()
  let state: 'open' | 'cut' | 'frozen' = 'open'

  const carry = ({ client, upstream }: Link) => client.pipe(upstream).pipe(client)
  const hold = ({ client, upstream }: Link) => {
    client.unpipe(upstream).pause()
    upstream.unpipe(client).pause()
  }
  const drop = ({ client, upstream }: Link) => {
    client.destroy()
    upstream.destroy()
  }

  const server: Server = createServer((client) => {
    if (state === 'cut') return client.destroy()
    const link = { client, upstream: connect(target.port, target.host) }
    links.add(link)
    for (const socket of [link.client, link.upstream]) {
      socket.on('close', () => {
        links.delete(link)
        drop(link)
      }).on('error', () => {})
    }
    if (state === 'frozen') hold(link)
    else carry(link)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      state = 'cut'
      for (const link of links) drop(link)
    },
    freeze: () => {
      state = 'frozen'
      for (const link of links) hold(link)
    },
    restore: () => {
      if (state === 'frozen') for (const link of links) carry(link)
      state = 'open'
    },
    close: () => new Promise<void>((resolve) => {
      for (const link of links) drop(link)
      server.close(() => resolve())
    }),
  }
}
