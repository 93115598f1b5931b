import { configuredProviders } from '../../oauth/registry'

// The providers whose settings are present, in the order of their buttons.
export default defineApiHandler('ok', () => ({
  providers: configuredProviders().map(({ id, name }) => ({ id, name })),
}))
