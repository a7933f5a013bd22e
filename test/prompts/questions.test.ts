/**
 * Every question of the guided backup, rendered with the real inquirer prompt it is asked with and typed at as a
 * person would: what the screen shows, what is refused (and the message why), and what the answer is.
 */
import { confirm, input, password, select } from '@inquirer/prompts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Secret } from '../../src/console/secret.js';
import type { InstallDirCandidate } from '../../src/machine/machine.js';
import {
  ANOTHER_DIRECTORY,
  backupFileQuestion,
  confirmPasswordQuestion,
  createFolderQuestion,
  existingFileChoice,
  goAheadQuestion,
  installDirChoice,
  installDirQuestion,
  keepInInstallDirQuestion,
  passwordQuestion,
  reminderQuestion,
  restoreDrillQuestion,
} from '../../src/prompts/questions.js';
import { contextWords, type PasswordRulesContext } from '../../src/rules/password.js';
import { measureStrength } from '../../src/rules/strength.js';
import { ask, below, closeAll, questionLine, runsOf, stateOf } from './helpers.js';

afterEach(() => {
  closeAll();
});

const CONTEXT: PasswordRulesContext = {
  minScore: 3,
  userInputs: contextWords({ host: 'BTS01', user: 'btsadmin', domain: 'contoso.local' }),
};
const GOOD_PASSWORD = 'Maple-Kettle-Orbit-73';
const PASSWORD_MESSAGE = 'Password for the backup file';

/** The question line of a masked prompt that holds `length` characters: nothing but the mask after the question. */
const maskedLine = (message: string, length: number): RegExp =>
  new RegExp(`^\\S+ ${message} ${'\\*'.repeat(length)}$`);

describe('the password question', () => {
  it('shows each typed character as * and never the character itself', async () => {
    const { events, getScreen, getFullOutput } = await ask(password, passwordQuestion(CONTEXT));
    let typed = '';
    for (const character of GOOD_PASSWORD) {
      events.type(character);
      typed += character;
      expect(questionLine(getScreen())).toMatch(maskedLine(PASSWORD_MESSAGE, typed.length));
    }
    expect(getScreen()).not.toContain(GOOD_PASSWORD);
    expect(await getFullOutput({ raw: true })).not.toContain('Kettle');
  });

  it('does not reveal the password on Ctrl+T, and offers no toggle', async () => {
    const { answer, events, getScreen, getFullOutput } = await ask(password, passwordQuestion(CONTEXT));
    expect(getScreen().toLowerCase()).not.toMatch(/toggle|ctrl\+t/);

    events.type(GOOD_PASSWORD);
    events.keypress({ name: 't', ctrl: true });

    const screen = getScreen();
    expect(questionLine(screen)).toMatch(maskedLine(PASSWORD_MESSAGE, GOOD_PASSWORD.length));
    expect(screen).not.toContain(GOOD_PASSWORD);
    expect(screen.toLowerCase()).not.toMatch(/toggle|ctrl\+t/);

    // Ctrl+T changed nothing either: the answer is exactly what was typed.
    events.keypress('enter');
    await expect(answer).resolves.toBe(GOOD_PASSWORD);
    expect(await getFullOutput({ raw: true })).not.toContain(GOOD_PASSWORD);
  });

  it('refuses a password shorter than 7 characters and keeps asking', async () => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type('abc12');
    events.keypress('enter');
    await nextRender();

    const screen = getScreen();
    expect(below(screen)).toContain('shorter than 7 characters');
    expect(screen).not.toContain('abc12');
    expect(questionLine(screen)).toMatch(maskedLine(PASSWORD_MESSAGE, 5));
    expect(await stateOf(answer)).toBe('pending');
  });

  it('refuses a common password with its score, the minimum, and zxcvbn’s advice', async () => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type('password1');
    events.keypress('enter');
    await nextRender();

    const message = below(getScreen());
    const strength = measureStrength('password1', CONTEXT.userInputs);
    expect(strength.score).toBeLessThan(3);
    expect(message).toContain(`score is ${strength.score} of 4 and at least 3 is needed`);
    const advice = [strength.warning, ...strength.suggestions].filter((s) => s.length > 0);
    expect(advice.length).toBeGreaterThan(0);
    for (const sentence of advice) expect(message).toContain(sentence);
    expect(message).not.toContain('password1');
    expect(await stateOf(answer)).toBe('pending');
  });

  // The host name, (part of) the user name and a '!': what an attacker who has the backup file tries first.
  it.each(['bts01admin!', 'bts01btsadmin!'])('refuses %j, built from the host and user names, as too weak', async (typed) => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type(typed);
    events.keypress('enter');
    await nextRender();

    expect(await stateOf(answer), `${typed} was accepted`).toBe('pending');
    const message = below(getScreen());
    expect(message).toMatch(/strength score is [0-2] of 4 and at least 3 is needed/);
    for (const run of runsOf(typed)) expect(message.toLowerCase()).not.toContain(run);
  });

  it('refuses an accented letter as not printable ASCII, without showing the letter', async () => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type('Maple-Kettlé-Orbit-73');
    events.keypress('enter');
    await nextRender();

    const screen = getScreen();
    expect(below(screen)).toContain('not printable ASCII');
    expect(screen).not.toContain('é');
    expect(await stateOf(answer)).toBe('pending');
  });

  it('refuses a password that starts with a space', async () => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type(' Leading-space-pass-77');
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('starts or ends with a space');
    expect(await stateOf(answer)).toBe('pending');
  });

  it('accepts a long, unrelated passphrase', async () => {
    const { answer, events, getScreen } = await ask(password, passwordQuestion(CONTEXT));
    events.type(GOOD_PASSWORD);
    events.keypress('enter');

    await expect(answer).resolves.toBe(GOOD_PASSWORD);
    expect(getScreen()).not.toContain(GOOD_PASSWORD);
  });

  it('takes a refused password back once it is corrected', async () => {
    const { answer, events, getScreen, nextRender } = await ask(password, passwordQuestion(CONTEXT));
    events.type('abc12');
    events.keypress('enter');
    await nextRender();
    expect(below(getScreen())).toContain('shorter than 7 characters');

    for (let i = 0; i < 'abc12'.length; i += 1) events.keypress('backspace');
    events.type(GOOD_PASSWORD);
    expect(below(getScreen())).toBe('');
    events.keypress('enter');
    await expect(answer).resolves.toBe(GOOD_PASSWORD);
  });

  it('accepts a common password when no minimum strength is asked for', async () => {
    const { answer, events } = await ask(password, passwordQuestion({ ...CONTEXT, minScore: 0 }));
    events.type('password1');
    events.keypress('enter');

    await expect(answer).resolves.toBe('password1');
  });
});

describe('the password confirmation', () => {
  it('is masked, offers no toggle and answers what was typed', async () => {
    const { answer, events, getScreen } = await ask(password, confirmPasswordQuestion());
    events.type(GOOD_PASSWORD);
    events.keypress({ name: 't', ctrl: true });

    const screen = getScreen();
    expect(questionLine(screen)).toMatch(maskedLine('The same password again', GOOD_PASSWORD.length));
    expect(screen).not.toContain(GOOD_PASSWORD);
    expect(screen.toLowerCase()).not.toMatch(/toggle|ctrl\+t/);

    events.keypress('enter');
    await expect(answer).resolves.toBe(GOOD_PASSWORD);
  });
});

describe('the reminder question', () => {
  const reminder = () => reminderQuestion(new Secret(GOOD_PASSWORD), CONTEXT);

  it('requires a reminder', async () => {
    const { answer, events, getScreen, nextRender } = await ask(input, reminder());
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('The reminder is empty');
    expect(await stateOf(answer)).toBe('pending');
  });

  it.each(['maple kettle orbit', 'MAPLE-KETTLE'])(
    'refuses %j as giving the password away, without quoting any of it',
    async (text) => {
      const { answer, events, getScreen, nextRender } = await ask(input, reminder());
      events.type(text);
      events.keypress('enter');
      await nextRender();

      const message = below(getScreen());
      expect(message).toMatch(/gives the password away|makes the password guessable/);
      const lower = message.toLowerCase();
      for (const run of runsOf(GOOD_PASSWORD)) expect(lower, `the message quotes "${run}"`).not.toContain(run);
      expect(await stateOf(answer)).toBe('pending');
    },
  );

  it('the password typed into the field by mistake is not left on the screen: its telling runs show as *', async () => {
    const { answer, events, getScreen, nextRender } = await ask(input, reminder());
    events.type(`vault ${GOOD_PASSWORD}`);
    expect(questionLine(getScreen())).toContain(`vault ${'*'.repeat(GOOD_PASSWORD.length)}`);
    events.keypress('enter');
    await nextRender();
    const screen = getScreen().toLowerCase();
    for (const run of runsOf(GOOD_PASSWORD)) expect(screen, `the screen shows "${run}"`).not.toContain(run);
    expect(await stateOf(answer)).toBe('pending');
  });

  it('shows the reminder as it is typed and accepts one that tells nothing', async () => {
    const text = 'in the PROD vault, ask Anna';
    const { answer, events, getScreen } = await ask(input, reminder());
    events.type(text);
    expect(questionLine(getScreen())).toContain(text);

    events.keypress('enter');
    await expect(answer).resolves.toBe(text);
  });
});

describe('the backup file question', () => {
  const SUGGESTED = '/srv/backups/SSO-BTS01-20260101-000000.bak';

  it('offers the suggested file and takes it on enter', async () => {
    const { answer, events, getScreen } = await ask(input, backupFileQuestion(SUGGESTED, 'posix'));
    expect(getScreen()).toContain(SUGGESTED);

    events.keypress('enter');
    await expect(answer).resolves.toBe(SUGGESTED);
  });

  it('refuses a reserved Windows device name', async () => {
    const { answer, events, getScreen, nextRender } = await ask(input, backupFileQuestion(SUGGESTED, 'posix'));
    events.type('/srv/backups/CON.bak');
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('reserved Windows device name CON');
    expect(await stateOf(answer)).toBe('pending');
  });

  it('refuses a relative path', async () => {
    const { answer, events, getScreen, nextRender } = await ask(input, backupFileQuestion(SUGGESTED, 'posix'));
    events.type('relative.bak');
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toMatch(/"relative\.bak" is relative.*Give a full path/);
    expect(await stateOf(answer)).toBe('pending');
  });

  describe('on Windows', () => {
    const WIN_SUGGESTED = 'C:\\Users\\btsadmin\\SSOBackup\\SSO-BTS01-20260101-000000.bak';

    it('refuses a character Windows does not allow in a name', async () => {
      const { answer, events, getScreen, nextRender } = await ask(input, backupFileQuestion(WIN_SUGGESTED, 'win32'));
      events.type('C:\\Backups\\bad|name.bak');
      events.keypress('enter');
      await nextRender();

      expect(below(getScreen())).toContain('"bad|name.bak" contains "|", which Windows does not allow');
      expect(await stateOf(answer)).toBe('pending');
    });

    it('accepts an ordinary full path', async () => {
      const { answer, events } = await ask(input, backupFileQuestion(WIN_SUGGESTED, 'win32'));
      events.type('C:\\Backups\\ok.bak');
      events.keypress('enter');

      await expect(answer).resolves.toBe('C:\\Backups\\ok.bak');
    });
  });
});

describe('the install directory question', () => {
  const INSTALL_DIR = '/opt/entsso';
  const files = new Set([`${INSTALL_DIR}/ssoconfig.exe`, '/opt/other/readme.txt']);
  const fakeExists = () => vi.fn((file: string) => files.has(file));

  it('refuses a folder without ssoconfig.exe', async () => {
    const exists = fakeExists();
    const { answer, events, getScreen, nextRender } = await ask(input, installDirQuestion('posix', exists));
    events.type('/opt/other');
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('There is no ssoconfig.exe in /opt/other.');
    expect(exists).toHaveBeenCalledWith('/opt/other/ssoconfig.exe');
    expect(await stateOf(answer)).toBe('pending');
  });

  it('refuses a relative path without looking at the disk', async () => {
    const exists = fakeExists();
    const { answer, events, getScreen, nextRender } = await ask(input, installDirQuestion('posix', exists));
    events.type('opt/entsso');
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('Type an absolute path');
    expect(exists).not.toHaveBeenCalled();
    expect(await stateOf(answer)).toBe('pending');
  });

  it('asks for a folder when nothing is typed', async () => {
    const { answer, events, getScreen, nextRender } = await ask(input, installDirQuestion('posix', fakeExists()));
    events.keypress('enter');
    await nextRender();

    expect(below(getScreen())).toContain('Type the ENTSSO install directory');
    expect(await stateOf(answer)).toBe('pending');
  });

  it('accepts the folder that holds ssoconfig.exe', async () => {
    const { answer, events } = await ask(input, installDirQuestion('posix', fakeExists()));
    events.type(INSTALL_DIR);
    events.keypress('enter');

    await expect(answer).resolves.toBe(INSTALL_DIR);
  });

  it('looks for ssoconfig.exe with Windows paths on Windows', async () => {
    const dir = 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On';
    const exists = vi.fn((file: string) => file === `${dir}\\ssoconfig.exe`);
    const { answer, events } = await ask(input, installDirQuestion('win32', exists));
    events.type(dir);
    events.keypress('enter');

    await expect(answer).resolves.toBe(dir);
  });
});

describe('the install directory choice', () => {
  const REGISTRY: InstallDirCandidate = {
    dir: 'C:\\Program Files\\Common Files\\Enterprise Single Sign-On',
    source: 'registry InstallPath (64-bit view)',
    hasSsoconfig: true,
  };
  const EMPTY: InstallDirCandidate = { dir: 'D:\\Old\\SSO', source: 'ENTSSO service image path', hasSsoconfig: false };
  const DEFAULT: InstallDirCandidate = { dir: 'E:\\SSO', source: 'the default location', hasSsoconfig: true };

  it('lists only the folders that hold ssoconfig.exe, then "Another directory…" last', async () => {
    const { getScreen } = await ask(select, installDirChoice([REGISTRY, EMPTY, DEFAULT]));
    const screen = getScreen();

    expect(screen).not.toContain(EMPTY.dir);
    const lines = screen.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at(REGISTRY.dir)).toBeGreaterThan(0);
    expect(at(DEFAULT.dir)).toBeGreaterThan(at(REGISTRY.dir));
    expect(at('Another directory…')).toBeGreaterThan(at(DEFAULT.dir));
  });

  it('says where the highlighted folder was found', async () => {
    const { events, getScreen } = await ask(select, installDirChoice([REGISTRY, EMPTY, DEFAULT]));
    expect(getScreen()).toContain(`Found through ${REGISTRY.source}.`);
    expect(getScreen()).not.toContain(DEFAULT.source);

    events.keypress('down');
    expect(getScreen()).toContain(`Found through ${DEFAULT.source}.`);
    expect(getScreen()).not.toContain(REGISTRY.source);
  });

  it('answers the highlighted folder on enter', async () => {
    const { answer, events } = await ask(select, installDirChoice([REGISTRY, EMPTY, DEFAULT]));
    events.keypress('enter');

    await expect(answer).resolves.toBe(REGISTRY.dir);
  });

  it('answers ANOTHER_DIRECTORY for "Another directory…"', async () => {
    const { answer, events, getScreen } = await ask(select, installDirChoice([REGISTRY, EMPTY]));
    events.keypress('down');
    expect(getScreen()).toContain('Type the folder that holds ssoconfig.exe.');
    events.keypress('enter');

    await expect(answer).resolves.toBe(ANOTHER_DIRECTORY);
  });
});

describe('the choice for an existing backup file', () => {
  const FILE = '/srv/backups/SSO-BTS01-20260101-000000.bak';

  it('names the file and chooses another name by default', async () => {
    const { answer, events, getScreen } = await ask(select, existingFileChoice(FILE));
    expect(getScreen()).toContain(`${FILE} exists already`);
    expect(getScreen()).toMatch(/❯ Choose another file name/);

    events.keypress('enter');
    await expect(answer).resolves.toBe('another');
  });

  it('says, when "Replace it" is highlighted, that the old file is kept until the new backup is verified', async () => {
    const { answer, events, getScreen } = await ask(select, existingFileChoice(FILE));
    expect(getScreen()).not.toContain('kept aside');
    events.keypress('down');

    expect(getScreen()).toContain('The old file is kept aside until the new backup is verified, then removed.');
    events.keypress('enter');
    await expect(answer).resolves.toBe('replace');
  });
});

describe('the yes/no questions', () => {
  it('does not run ssoconfig unless told yes', async () => {
    const { answer, events, getScreen } = await ask(confirm, goAheadQuestion());
    expect(getScreen()).toContain('(y/N)');

    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
  });

  it('runs ssoconfig on y', async () => {
    const { answer, events } = await ask(confirm, goAheadQuestion());
    events.type('y');
    events.keypress('enter');

    await expect(answer).resolves.toBe(true);
  });

  it('offers the restore drill by default', async () => {
    const { answer, events, getScreen } = await ask(confirm, restoreDrillQuestion());
    expect(getScreen()).toContain('(Y/n)');

    events.keypress('enter');
    await expect(answer).resolves.toBe(true);
  });

  it('creates a missing folder by default, and names it', async () => {
    const folder = '/srv/backups/new';
    const { answer, events, getScreen } = await ask(confirm, createFolderQuestion(folder));
    expect(getScreen()).toContain(`The folder ${folder} does not exist`);
    expect(getScreen()).toContain('(Y/n)');

    events.keypress('enter');
    await expect(answer).resolves.toBe(true);
  });

  it('does not keep the backup in the ENTSSO folder unless told yes', async () => {
    const { answer, events, getScreen } = await ask(confirm, keepInInstallDirQuestion());
    expect(getScreen()).toContain('(y/N)');

    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
  });
});
