import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'vue/compiler-sfc'

/** The template AST as far as the guard reads it (@vue/compiler-core's node types 1, 2 and 6). */
const ELEMENT = 1
const TEXT = 2
const ATTRIBUTE = 6
interface TemplateNode {
  type: number
  content?: unknown
  loc: { start: { line: number } }
  props?: { type: number, name: string, value?: { content: string }, loc: { start: { line: number } } }[]
  children?: TemplateNode[]
}

const ROOT = join(import.meta.dirname, '../..')
const FOLDERS = ['app.vue', 'error.vue', 'pages', 'components', 'layouts']

/** Attributes a person reads (or hears): their static values must come from the locale files. */
const READ_ATTRIBUTES = new Set([
  'alt', 'aria-label', 'aria-description', 'aria-placeholder', 'aria-valuetext', 'cancel-button-text',
  'confirm-button-text', 'content', 'description', 'empty-text', 'label', 'placeholder', 'sub-title',
  'submit-label', 'subtitle', 'text', 'title',
])
/** Letters in any script: a text made only of punctuation, digits or symbols (`—`, `·`) is not a sentence. */
const LETTER = /\p{L}/u
/** A path or an address alone (`/openapi.json`, `https://…`): the same in every language. */
const ADDRESS = /^\s*(?:\/|https?:\/\/)\S*\s*$/

/** Whether a text is something a person reads in one language. */
function isWords(text: string): boolean {
  return LETTER.test(text) && !ADDRESS.test(text)
}
/** Chinese characters and full-width punctuation: never in a page's script either. */
const CHINESE = /[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]/

function vueFiles(path: string): string[] {
  const full = join(ROOT, path)
  if (path.endsWith('.vue')) return [full]
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.vue'))
    .map(entry => join(entry.parentPath, entry.name))
}

/** The raw texts of a component: text nodes and read attributes with letters, Chinese in its script; as `line: text`. */
function rawTexts(source: string): string[] {
  const { descriptor } = parse(source)
  const found: string[] = []
  function walk(node: TemplateNode) {
    if (node.type === TEXT && typeof node.content === 'string' && isWords(node.content)) {
      found.push(`${node.loc.start.line}: ${node.content.trim()}`)
    }
    if (node.type === ELEMENT) {
      for (const prop of node.props ?? []) {
        if (prop.type === ATTRIBUTE && READ_ATTRIBUTES.has(prop.name) && prop.value && isWords(prop.value.content)) {
          found.push(`${prop.loc.start.line}: ${prop.name}="${prop.value.content}"`)
        }
      }
    }
    for (const child of node.children ?? []) walk(child)
  }
  if (descriptor.template?.ast) walk(descriptor.template.ast as unknown as TemplateNode)
  for (const block of [descriptor.script, descriptor.scriptSetup]) {
    if (!block) continue
    block.content.split('\n').forEach((line, index) => {
      if (CHINESE.test(line)) found.push(`${block.loc.start.line + index}: ${line.trim()}`)
    })
  }
  return found
}

describe('texts stay out of .vue files (docs/architecture.md, "Texts")', () => {
  it('finds raw texts where they would be (the guard itself)', () => {
    const source = `<template>
  <p title="Hello">Sign in <b>{{ t('x') }}</b> — 1</p>
  <el-input :placeholder="t('y')" placeholder="名字" />
  <a href="/openapi.json">/openapi.json</a>
</template>
<script setup lang="ts">
const text = '你好'
</script>`
    expect(rawTexts(source)).toEqual(['2: title="Hello"', '2: Sign in', '3: placeholder="名字"', '7: const text = \'你好\''])
  })

  const files = FOLDERS.flatMap(vueFiles)
  it.each(files.map(file => [relative(ROOT, file), file]))('%s has no raw text', (_name, file) => {
    expect(rawTexts(readFileSync(file, 'utf8'))).toEqual([])
  })
})
