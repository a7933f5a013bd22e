/** How the review screen names the password's strength, without anything of the password itself. */
import type { Secret } from '../console/secret.js';
import type { PasswordRulesContext } from '../rules/password.js';
import { measureStrength } from '../rules/strength.js';

export function measureStrengthLabel(password: Secret, rules: PasswordRulesContext): string {
  const { score } = measureStrength(password.reveal(), rules.userInputs);
  return `strength ${score} of 4 (at least ${rules.minScore} required)`;
}
