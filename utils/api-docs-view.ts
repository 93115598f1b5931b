/**
 * Turns the OpenAPI document (/openapi.json) into what the `/docs` page lists: operations by
 * tag, each with its parameters and body fields as rows, and its responses.
 */

/** A part of the document, read as it comes: untyped JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>

export interface FieldRow {
  name: string
  location: string
  type: string
  required: boolean
  rules: string
}

export interface ResponseRow {
  status: string
  description: string
}

export interface OperationView {
  id: string
  method: string
  path: string
  summary: string
  description: string
  auth: string
  fields: FieldRow[]
  rawBody: string | null
  responses: ResponseRow[]
}

export interface TagView {
  name: string
  description: string
  operations: OperationView[]
}

/** The document's operations grouped by its tags, in the document's order. */
export function groupOperations(document: JsonSchema): TagView[] {
  const tags: TagView[] = (document.tags ?? []).map((tag: JsonSchema) => ({ name: tag.name, description: tag.description ?? '', operations: [] }))
  for (const [path, methods] of Object.entries(document.paths ?? {}) as [string, JsonSchema][]) {
    for (const [method, operation] of Object.entries(methods) as [string, JsonSchema][]) {
      const tagName = operation.tags?.[0] ?? 'other'
      let tag = tags.find(candidate => candidate.name === tagName)
      if (!tag) tags.push(tag = { name: tagName, description: '', operations: [] })
      tag.operations.push(operationView(path, method, operation))
    }
  }
  return tags.filter(tag => tag.operations.length)
}

function operationView(path: string, method: string, operation: JsonSchema): OperationView {
  const content = operation.requestBody?.content ?? {}
  const json = content['application/json']?.schema
  const fields: FieldRow[] = (operation.parameters ?? []).map((parameter: JsonSchema) =>
    fieldRow(parameter.name, parameter.in, parameter.schema, parameter.required))
  if (json) {
    const required = new Set<string>(json.required ?? [])
    for (const [name, schema] of Object.entries(json.properties ?? {}) as [string, JsonSchema][]) {
      fields.push(fieldRow(name, 'body', schema, required.has(name)))
    }
  }
  const rawTypes = Object.keys(content).filter(type => type !== 'application/json')
  const security = (operation.security ?? []) as JsonSchema[]
  return {
    id: operation.operationId ?? `${method}${path}`,
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    description: operation.description ?? '',
    auth: [...new Set(security.flatMap(entry => Object.keys(entry)))].join(' / ') + (operation['x-permission'] ? ` · ${operation['x-permission']}` : ''),
    fields,
    rawBody: rawTypes.length ? `${rawTypes.join(', ')} — ${operation.requestBody.description ?? ''}` : null,
    responses: Object.entries(operation.responses ?? {}).map(([status, response]) => ({ status, description: (response as JsonSchema).description ?? '' })),
  }
}

function fieldRow(name: string, location: string, schema: JsonSchema = {}, required = false): FieldRow {
  return { name, location, type: typeOf(schema), required, rules: rulesOf(schema) }
}

function typeOf(schema: JsonSchema): string {
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (options?.every(option => 'const' in option)) return options.map(option => JSON.stringify(option.const)).join(' | ')
  if (options) return options.map(typeOf).join(' | ')
  if (schema.enum) return (schema.enum as unknown[]).map(value => JSON.stringify(value)).join(' | ')
  return ([] as string[]).concat(schema.type ?? 'any').join(' | ')
}

function rulesOf(schema: JsonSchema): string {
  const rules: string[] = []
  if (schema.minLength !== undefined || schema.maxLength !== undefined) rules.push(`length ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`)
  if (schema.minimum !== undefined || schema.maximum !== undefined) rules.push(`${schema.minimum ?? '−∞'}…${schema.maximum ?? '∞'}`)
  if (schema.format) rules.push(schema.format)
  if (schema.pattern) rules.push(`/${schema.pattern}/`)
  if (schema.default !== undefined) rules.push(`default ${JSON.stringify(schema.default)}`)
  if (schema.description) rules.push(schema.description)
  return rules.join('; ')
}
