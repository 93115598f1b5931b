// Reading a password on the command line: from the terminal without echo, or from stdin.

/** Asks for a password on the terminal without echoing it; rejects on Ctrl-C or Ctrl-D. */
export function askPassword(question: string): Promise<string> {
  const { stdin, stderr } = process
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish()
        if (character === '\u0003' || character === '\u0004') return finish(new Error('cancelled'))
        if (character === '\u007F' || character === '\b') value = [...value].slice(0, -1).join('')
        else if (character >= ' ') value += character
      }
    }
    stdin.setEncoding('utf8')
    stdin.setRawMode(true)
    stderr.write(question)
    stdin.resume()
    stdin.on('data', onData)
  })
}

/** Reads the whole of stdin as the password, without the one line break that ends it. */
export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}
