import { describe, expect, it } from 'vitest';
import { classifyPrompt, endsLikePrompt, isPromptShaped, type PromptKind } from '../../src/console/prompt-recognition.js';
import { PROMPT_WORDINGS } from '../../src/simulator/variants.js';

type Step = 'password' | 'confirm' | 'reminder';

/** What classifyPrompt must say for each simulator prompt. `terse` words password and confirm alike. */
const EXPECTED_KIND: Record<keyof typeof PROMPT_WORDINGS, Record<Step, PromptKind>> = {
  standard: { password: 'password', confirm: 'confirm', reminder: 'reminder' },
  terse: { password: 'password', confirm: 'password', reminder: 'reminder' },
  verbose: { password: 'password', confirm: 'confirm', reminder: 'reminder' },
  hint: { password: 'password', confirm: 'confirm', reminder: 'reminder' },
};

const SIMULATOR_PROMPTS = Object.entries(PROMPT_WORDINGS).flatMap(([family, wording]) =>
  (['password', 'confirm', 'reminder'] as const).map((step) => ({
    family: family as keyof typeof PROMPT_WORDINGS,
    step,
    text: wording[step],
  })),
);

describe('classifyPrompt on every simulator wording', () => {
  it('covers all four wording families', () => {
    expect(Object.keys(PROMPT_WORDINGS).sort()).toEqual(Object.keys(EXPECTED_KIND).sort());
  });

  it.each(SIMULATOR_PROMPTS)('$family $step: "$text"', ({ family, step, text }) => {
    expect(classifyPrompt(text)).toBe(EXPECTED_KIND[family][step]);
  });

  it.each(SIMULATOR_PROMPTS)('$family $step is prompt-shaped', ({ text }) => {
    expect(isPromptShaped(text)).toBe(true);
  });
});

describe('classifyPrompt on wordings another ssoconfig might print', () => {
  it.each<[string, PromptKind]>([
    ['Enter password:', 'password'],
    ['Password:', 'password'],
    ['Password', 'password'],
    ['PASSWORD : ', 'password'],
    ['Passphrase:', 'password'],
    ['Enter PWD:', 'password'],
    ['Retype password:', 'confirm'],
    ['Re-type password:', 'confirm'],
    ['Verify password:', 'confirm'],
    ['Confirm password:', 'confirm'],
    ['Repeat the password:', 'confirm'],
    ['Enter the password again:', 'confirm'],
    ['Password (again):', 'confirm'],
    ['Password hint:', 'reminder'],
    ['Reminder:', 'reminder'],
    ['Password reminder (optional): ', 'reminder'],
    ['Kennwort:', 'password'],
    ['Passwort:', 'password'],
    ['Kennwort bestätigen:', 'confirm'],
    ['Passwort erneut eingeben:', 'confirm'],
    ['Kennworthinweis:', 'reminder'],
    ['Mot de passe :', 'password'],
    ['Confirmez le mot de passe :', 'confirm'],
    ['Retapez le mot de passe :', 'confirm'],
    ['Indice du mot de passe :', 'reminder'],
    ['Contraseña:', 'password'],
    ['Vuelva a escribir la contraseña:', 'confirm'],
    ['Recordatorio de contraseña:', 'reminder'],
    ['Senha:', 'password'],
    ['Lembrete da senha:', 'reminder'],
    ['File exists. Overwrite? (y/n)', 'overwrite'],
    ['The file already exists. Replace it? [Y/N]', 'overwrite'],
    ['Overwrite existing file? (yes/no)', 'overwrite'],
    ['Die Datei ist vorhanden. Überschreiben? (j/n)', 'overwrite'],
    ["Le fichier existe déjà. L'écraser ? (o/n)", 'overwrite'],
  ])('"%s" is %s', (text, kind) => {
    expect(classifyPrompt(text)).toBe(kind);
  });

  it('ignores surrounding whitespace', () => {
    expect(classifyPrompt('   \tPassword : \t ')).toBe('password');
  });

  it('reads a reminder prompt that mentions the password as a reminder, not a password', () => {
    expect(classifyPrompt('Enter a hint for the password:')).toBe('reminder');
  });

  it('reads an overwrite question that mentions the password file as overwrite', () => {
    expect(classifyPrompt('The password file exists. Overwrite? (y/n)')).toBe('overwrite');
  });
});

describe('classifyPrompt on lines that are not prompts it answers', () => {
  it.each([
    'Microsoft (R) Enterprise Single Sign-On Configuration Tool',
    'Copyright (C) Microsoft Corporation. All rights reserved.',
    'Usage: ssoconfig <option>',
    'Enter file name:',
    'Are you sure? (y/n)',
    'Backing up the master secret...',
    'The operation completed successfully.',
    'Enterprise Single Sign-On is offline.',
    // A file that exists is only an overwrite prompt when it asks yes or no.
    'The file exists.',
    'Continue? (y/n)',
    '',
    '   ',
  ])('"%s" is not classified', (text) => {
    expect(classifyPrompt(text)).toBeUndefined();
  });
});

describe('isPromptShaped', () => {
  it.each([
    'Password : ',
    'Enter file name:',
    'Are you sure?',
    'C:\\Program Files\\Common Files\\Enterprise Single Sign-On>',
    'Overwrite (y/n)',
    'Replace it [Y/N]',
    'Continue (yes/no)',
    'Password',
    'Kennwort',
    'Reminder   ',
  ])('"%s" looks like a waiting prompt', (text) => {
    expect(isPromptShaped(text)).toBe(true);
  });

  it.each([
    ['an answered prompt with echo', 'Password : *****'],
    ['an answered prompt with echo and trailing space', 'Password : *******  '],
    ['empty text', ''],
    ['blank text', '   \t '],
    ['a plain sentence', 'Backing up the master secret'],
    ['a sentence with a full stop', 'The operation completed successfully.'],
    ['an error sentence that mentions the password', 'The specified password is too short, it must be at least 7 characters.'],
    ['an exclamation that mentions the password', 'Wrong password!'],
    ['a banner', 'Microsoft (R) Enterprise Single Sign-On Configuration Tool'],
  ])('%s is not prompt-shaped', (_name, text) => {
    expect(isPromptShaped(text)).toBe(false);
  });

  it('does not treat a very long line that merely mentions a password as a prompt', () => {
    const long = `The password ${'x'.repeat(250)}`;
    expect(classifyPrompt(long)).toBe('password');
    expect(isPromptShaped(long)).toBe(false);
  });
});

describe('endsLikePrompt (what may be answered after the short quiet)', () => {
  it.each([...SIMULATOR_PROMPTS.map((p) => p.text), 'Kennwort eingeben:', 'Overwrite it? (Y/N) ', 'Replace it [J/N]', 'New password>'])(
    '"%s" ends like a prompt',
    (text) => {
      expect(endsLikePrompt(text)).toBe(true);
    },
  );

  it.each([
    ['a prompt cut mid-word', 'Enter the pass'],
    ['a prompt known only by its meaning', 'Password'],
    ['the start of a reminder prompt', 'Password reminder (stored'],
    ['a sentence', 'Please type a reminder for this password.'],
    ['an answered prompt', 'Password : ****'],
    ['empty text', ''],
  ])('%s does not', (_name, text) => {
    expect(endsLikePrompt(text)).toBe(false);
  });
});
