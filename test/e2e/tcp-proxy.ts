import { createServer, type Server, type Socket, connect } from 'node:net'

/** A TCP proxy on loopback the test can cut and restore, to take the database away mid-run. */
export interface TcpProxy {
  port: number
  /** Drops every open connection and refuses new ones. */
  cut: () => void
  /** Accepts connections again. */
  restore: () => void
  close: () => Promise<void>
}

export async function startTcpProxy(target: { host: string, port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let open = true
  const server: Server = createServer((client) => {
    if (!open) return client.destroy()
    const upstream = connect(target.port, target.host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket)).on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      open = false
      for (const socket of sockets) socket.destroy()
    },
    restore: () => {
      open = true
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
