import { commonPasswordTest } from '~/shared/common-passwords'

/**
 * Password strength and the common-password list, from zxcvbn-ts and its common dictionary
 * (the list the server checks too). Both are large, so they load on first use, in a chunk of
 * their own: the pages that do not ask for a new password never fetch them.
 */
export interface PasswordEstimator {
  /** 0 (guessed at once) to 4 (very hard to guess), taking the account's own words as guesses. */
  score: (password: string, userInputs: string[]) => number
  /** Whether a lower-cased password is in the common-password list. */
  isCommon: (lowered: string) => boolean
}

let loading: Promise<PasswordEstimator> | undefined

export function loadPasswordEstimator(): Promise<PasswordEstimator> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
    .then(([{ ZxcvbnFactory }, common]): PasswordEstimator => {
      const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs })
      return {
        score: (password, userInputs) => zxcvbn.check(password, userInputs).score,
        isCommon: commonPasswordTest(common.dictionary['passwords-common']),
      }
    })
    .catch((error) => {
      loading = undefined
      throw error
    })
  return loading
}
