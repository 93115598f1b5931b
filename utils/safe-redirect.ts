// The rule lives in shared/, where the server's third-party sign-in applies it too.
export { safeRedirect } from '../shared/safe-redirect'
