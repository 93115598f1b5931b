import { buildOpenApiDocument } from '../api-docs/document'
import { isApiDocsEnabled } from '../config/settings'

let document: string | undefined

/** The OpenAPI 3.1 document of the API: plain JSON (not under `/api`, so no envelope); 404 when `NUXT_API_DOCS=false`. */
export default defineEventHandler((event) => {
  if (!isApiDocsEnabled()) throw createError({ statusCode: 404, statusMessage: 'Page Not Found' })
  document ??= JSON.stringify(buildOpenApiDocument('1.0.0'))
  setResponseHeaders(event, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' })
  return document
})
