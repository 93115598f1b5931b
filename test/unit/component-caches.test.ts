import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { describe, expect, it } from 'vitest'
import { shareComponentCaches } from '../../utils/component-caches'

const Greeting = defineComponent({
  props: { name: { type: String, required: true }, loud: Boolean },
  emits: ['wave'],
  setup: props => () => h('p', props.loud ? `HELLO ${props.name.toUpperCase()}` : `hello ${props.name}`),
})

/** A server render as each request makes one: a new app around the same components. */
function request(name: string, loud: boolean) {
  const app = createSSRApp({ render: () => h(Greeting, { name, loud }) })
  shareComponentCaches(app)
  return app
}

type Caches = { propsCache: WeakMap<object, unknown>, emitsCache: WeakMap<object, unknown> }

describe('shareComponentCaches', () => {
  it('lets the next request\'s app find what the first one normalized', async () => {
    const first = request('ming', false)
    expect(await renderToString(first)).toBe('<p>hello ming</p>')
    const second = request('hong', true)
    // Vue filled the shared caches during the first render: the second app starts with them.
    expect((second._context as unknown as Caches).propsCache.has(Greeting)).toBe(true)
    expect((second._context as unknown as Caches).emitsCache.has(Greeting)).toBe(true)
    expect(await renderToString(second)).toBe('<p>HELLO HONG</p>')
  })

  it('leaves an app it was not given with caches of its own', async () => {
    const own = createSSRApp({ render: () => h(Greeting, { name: 'li' }) })
    expect((own._context as unknown as Caches).propsCache.has(Greeting)).toBe(false)
    expect(await renderToString(own)).toBe('<p>hello li</p>')
  })
})
