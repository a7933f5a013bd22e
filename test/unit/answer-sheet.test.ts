/**
 * answerSheetPrompter: answers given before the questions (flags, secret sources) go through the questions' own
 * validation, with the real question builders; a refused or missing answer stops the run (exit 2) naming the
 * flag, never quoting a password; a person (the fallback) is asked only what the sheet does not answer.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/console/secret.js';
import { EXIT } from '../../src/errors.js';
import {
  ANSWERING_FLAGS,
  MissingAnswerError,
  RefusedAnswerError,
  answerSheetPrompter,
  type AnswerSheet,
} from '../../src/prompts/answer-sheet.js';
import type { Prompter, SelectQuestion } from '../../src/prompts/prompter.js';
import {
  backupFileQuestion,
  confirmPasswordQuestion,
  createFolderQuestion,
  existingFileChoice,
  goAheadQuestion,
  passwordQuestion,
  reminderQuestion,
} from '../../src/prompts/questions.js';
import { contextWords, type PasswordRulesContext } from '../../src/rules/password.js';
import { expectNoLeak } from '../support/no-leak.js';

const RULES: PasswordRulesContext = { minScore: 3, userInputs: contextWords({ host: 'SSOSIM01', user: 'btsadmin', domain: 'CONTOSO' }) };
const STRONG = 'Canary-Quill-Harbor-7731';
/** Long enough for ENTSSO, far too weak for score 3: refused by the strength rule only. */
const WEAK = 'Wombat1234';
const FILE = '/srv/sso-backups/SSO-SSOSIM01-20261122-101500.bak';
const PASSWORD_FLAG = '--password-stdin';

/** The error a call rejects with (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but it resolved');
}

/** Every text the error carries for a person, as one problem for expectNoLeak. */
function textOf(error: Error): string {
  const { what, why, next } = error as RefusedAnswerError;
  return [error.message, what, why, next].join('\n');
}

describe('each kind of question answered from the sheet', () => {
  it('input: the answer, once it passes the question\'s validation', async () => {
    const prompter = answerSheetPrompter({ 'backup-file': { flag: '--file', answer: FILE } });
    expect(await prompter.input(backupFileQuestion('/srv/suggested.bak', 'posix'))).toBe(FILE);
  });

  it('password: the Secret itself, checked by the password rules', async () => {
    const secret = new Secret(STRONG);
    const prompter = answerSheetPrompter({ password: { flag: PASSWORD_FLAG, answer: secret } });
    expect(await prompter.password(passwordQuestion(RULES))).toBe(secret);
  });

  it('confirm: true and false as given', async () => {
    const prompter = answerSheetPrompter({ 'go-ahead': { flag: '--yes', answer: true }, 'create-folder': { flag: '--create-folder', answer: false } });
    expect(await prompter.confirm(goAheadQuestion())).toBe(true);
    expect(await prompter.confirm(createFolderQuestion('/srv/new'))).toBe(false);
  });

  it('select: the choice given', async () => {
    const prompter = answerSheetPrompter({ 'replace-existing': { flag: '--replace', answer: 'replace' } });
    expect(await prompter.select(existingFileChoice(FILE))).toBe('replace');
  });

  it('a function answer is worked out from the question (the suggested file name)', async () => {
    const prompter = answerSheetPrompter({ 'backup-file': { flag: '--folder', answer: (q: { default?: string }) => q.default } });
    expect(await prompter.input(backupFileQuestion(FILE, 'posix'))).toBe(FILE);
  });

  it('a function answer that gives nothing counts as no answer', async () => {
    const prompter = answerSheetPrompter({ 'backup-file': { flag: '--folder', answer: () => undefined } });
    const error = await rejection(prompter.input(backupFileQuestion(FILE, 'posix')));
    expect(error).toBeInstanceOf(MissingAnswerError);
  });
});

describe('a refused answer stops the run: exit 2, the flag named, the password never quoted', () => {
  it('a weak password from a secret source', async () => {
    const prompter = answerSheetPrompter({ password: { flag: PASSWORD_FLAG, answer: new Secret(WEAK) } });
    const error = await rejection(prompter.password(passwordQuestion(RULES)));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect((error as RefusedAnswerError).exitCode).toBe(EXIT.usage);
    expect((error as RefusedAnswerError).what).toMatch(/^The answer given with --password-stdin is refused: Its strength score is [0-2] of 4/);
    expect((error as RefusedAnswerError).next).toContain(PASSWORD_FLAG);
    expectNoLeak([{ rule: 'refused', message: textOf(error) }], WEAK);
  });

  it('a reminder that holds the password, refused without quoting either', async () => {
    const reminder = `it is ${STRONG} of course`;
    const prompter = answerSheetPrompter({ reminder: { flag: '--reminder', answer: reminder } });
    const error = await rejection(prompter.input(reminderQuestion(new Secret(STRONG), RULES)));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect((error as RefusedAnswerError).exitCode).toBe(EXIT.usage);
    expect((error as RefusedAnswerError).what).toContain('--reminder is refused: The reminder gives the password away');
    expectNoLeak([{ rule: 'refused', message: textOf(error) }], STRONG);
    expect(textOf(error)).not.toContain(reminder);
  });

  it('a multi-line rule message comes out on one line', async () => {
    const prompter = answerSheetPrompter({ 'backup-file': { flag: '--file', answer: 'relative/CON.bak' } });
    const error = await rejection(prompter.input(backupFileQuestion(FILE, 'posix')));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect((error as RefusedAnswerError).what).toContain('is relative');
    expect((error as RefusedAnswerError).what).toContain('reserved Windows device name CON');
    expect((error as RefusedAnswerError).what).not.toContain('\n');
  });

  it('a select answer that is not among the choices', async () => {
    const prompter = answerSheetPrompter({ 'replace-existing': { flag: '--replace', answer: 'overwrite' } });
    const error = await rejection(prompter.select(existingFileChoice(FILE)));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect((error as RefusedAnswerError).exitCode).toBe(EXIT.usage);
    expect((error as RefusedAnswerError).what).toBe('The answer given with --replace is refused: overwrite is not one of the choices');
  });

  it('a question asked again with an answer in the sheet: refused with the reason, not asked again', async () => {
    let calls = 0;
    const prompter = answerSheetPrompter({ 'backup-file': { flag: '--file', answer: () => ((calls += 1), FILE) } });
    const again = `${FILE} exists already`;
    const error = await rejection(prompter.input(backupFileQuestion(FILE, 'posix', again)));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect((error as RefusedAnswerError).what).toBe(`The answer given with --file is refused: ${again}`);
    expect(calls).toBe(0);
  });
});

describe('a missing answer names the flag that gives it', () => {
  it.each([
    ['input', (p: Prompter) => p.input(backupFileQuestion(FILE, 'posix')), 'backup-file'],
    ['password', (p: Prompter) => p.password(passwordQuestion(RULES)), 'password'],
    ['confirm-password', (p: Prompter) => p.password(confirmPasswordQuestion()), 'confirm-password'],
    ['reminder', (p: Prompter) => p.input(reminderQuestion(new Secret(STRONG), RULES)), 'reminder'],
    ['confirm', (p: Prompter) => p.confirm(goAheadQuestion()), 'go-ahead'],
    ['select', (p: Prompter) => p.select(existingFileChoice(FILE)), 'replace-existing'],
  ] as const)('%s', async (_kind, ask, id) => {
    const error = await rejection(ask(answerSheetPrompter({})));
    expect(error).toBeInstanceOf(MissingAnswerError);
    expect((error as MissingAnswerError).exitCode).toBe(EXIT.usage);
    expect((error as MissingAnswerError).what).toContain(`give it with ${ANSWERING_FLAGS[id]}.`);
    expect((error as MissingAnswerError).next).toContain(`Add ${ANSWERING_FLAGS[id]}`);
  });

  it('the sheet\'s own flag wins over the default one', async () => {
    const error = await rejection(answerSheetPrompter({ 'backup-file': { flag: '--file' } }).input(backupFileQuestion(FILE, 'posix')));
    expect((error as MissingAnswerError).what).toContain('give it with --file.');
  });
});

/** A person at the terminal, as a fake: answers every kind, and records which questions reached it. */
function recordingPerson(): { prompter: Prompter; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    prompter: {
      input: async (q) => (asked.push(q.id), 'typed by a person'),
      password: async (q) => (asked.push(q.id), new Secret(STRONG)),
      confirm: async (q) => (asked.push(q.id), true),
      select: async <T>(q: SelectQuestion<T>) => (asked.push(q.id), q.choices[0]!.value),
    },
  };
}

describe('with a person to ask (fallback)', () => {
  it('only unanswered questions reach the person', async () => {
    const person = recordingPerson();
    const sheet: AnswerSheet = { 'backup-file': { flag: '--file', answer: FILE }, 'go-ahead': { flag: '--yes', answer: true } };
    const prompter = answerSheetPrompter(sheet, person.prompter);

    expect(await prompter.input(backupFileQuestion('/srv/suggested.bak', 'posix'))).toBe(FILE);
    expect(await prompter.confirm(goAheadQuestion())).toBe(true);
    expect(person.asked).toEqual([]);

    expect(await prompter.input(reminderQuestion(new Secret(STRONG), RULES))).toBe('typed by a person');
    expect((await prompter.password(passwordQuestion(RULES))).reveal()).toBe(STRONG);
    expect(await prompter.confirm(createFolderQuestion('/srv/new'))).toBe(true);
    expect(await prompter.select(existingFileChoice(FILE))).toBe('another');
    expect(person.asked).toEqual(['reminder', 'password', 'create-folder', 'replace-existing']);
  });

  it('a refused answer is not passed to the person', async () => {
    const person = recordingPerson();
    const prompter = answerSheetPrompter({ password: { flag: PASSWORD_FLAG, answer: new Secret(WEAK) } }, person.prompter);
    expect(await rejection(prompter.password(passwordQuestion(RULES)))).toBeInstanceOf(RefusedAnswerError);
    expect(person.asked).toEqual([]);
  });
});
