/**
 * Steps 3 and 4: the password (masked, checked, confirmed) and the reminder (required, checked against the
 * password). The password lives in a Secret from here to the console driver; nothing else keeps it.
 */
import type { Secret } from '../../console/secret.js';
import { confirmPasswordQuestion, passwordQuestion, reminderQuestion } from '../../prompts/questions.js';
import type { PasswordRulesContext } from '../../rules/password.js';
import type { Strength } from '../../rules/strength.js';
import type { FlowContext } from '../context.js';

type Ctx = Pick<FlowContext, 'prompter' | 'out' | 'style'>;

/** The password, and its strength as the rules measured it when they accepted it (unknown if not measured). */
export async function collectPassword(ctx: Ctx, rules: PasswordRulesContext): Promise<{ password: Secret; strength: Strength | undefined }> {
  const { prompter, out, style } = ctx;
  for (;;) {
    let strength: Strength | undefined;
    const password = await prompter.password(passwordQuestion(rules, (check) => (strength = check.strength)));
    const again = await prompter.password(confirmPasswordQuestion());
    if (password.reveal() === again.reveal()) return { password, strength };
    out(`${style.warn(style.symbols.warn)} The two passwords differ. Type both again.\n`);
  }
}

export async function collectReminder(ctx: Ctx, password: Secret, rules: PasswordRulesContext): Promise<string> {
  return (await ctx.prompter.input(reminderQuestion(password, rules))).trim();
}
