import type { App } from 'vue'

/** Vue's caches of each component's props and emits, normalized (internal to `app._context`). */
interface ComponentCaches {
  propsCache: WeakMap<object, unknown>
  emitsCache: WeakMap<object, unknown>
}

const shared: ComponentCaches = { propsCache: new WeakMap(), emitsCache: new WeakMap() }

/**
 * Gives `app` the caches every app given them shares. Vue normalizes a component's `props` and
 * `emits` options once per app; a server render makes a new app for each request, so each render
 * normalized every component it met again: on `/profile`, about 100 kB of each request's
 * allocations, most of it living long enough to reach the old generation (docs/benchmarks.md,
 * "seventh round"). What is cached depends on the component and the app's global mixins only, and
 * every request's app is made by the same plugins, so the entries are the same for all of them.
 * The keys are component definitions, which live as long as their modules: at most one entry
 * per component, ever. Should Vue rename these fields, the assignment does nothing and each app
 * keeps its own (test/unit/component-caches.test.ts notices).
 */
export function shareComponentCaches(app: App): void {
  Object.assign(app._context as unknown as ComponentCaches, shared)
}
