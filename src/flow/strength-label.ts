/** How the review screen names the password's strength, without anything of the password itself. */
import type { Secret } from '../console/secret.js';
import type { PasswordRulesContext } from '../rules/password.js';
import { measureStrength, type Strength } from '../rules/strength.js';

/** `known`: the strength the rules measured when they accepted this password; measured here only without it. */
export function measureStrengthLabel(password: Secret, rules: PasswordRulesContext, known?: Strength): string {
  const { score } = known ?? measureStrength(password.reveal(), rules.userInputs);
  return `strength ${score} of 4 (at least ${rules.minScore} required)`;
}
