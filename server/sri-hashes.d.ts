/** nuxt-security's table of the built assets' integrity hashes (URL → `sha384-…`), made at build time. */
declare module '#sri-hashes' {
  const hashes: Readonly<Record<string, string>>
  export default hashes
}
