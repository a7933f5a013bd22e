import { afterEach, describe, expect, it } from 'vitest';
import { Screen } from '../../src/console/screen.js';

const screens: Screen[] = [];

/** A small screen, fed `data` and disposed after the test. */
async function screenWith(data: string, cols = 40, rows = 10): Promise<Screen> {
  const screen = new Screen(cols, rows);
  screens.push(screen);
  await screen.write(data);
  return screen;
}

afterEach(() => {
  for (const screen of screens.splice(0)) screen.dispose();
});

describe('Screen.write', () => {
  it('resolves only once the data is on the screen', async () => {
    const screen = new Screen(40, 10);
    screens.push(screen);
    const written = screen.write('Password : ');
    expect(written).toBeInstanceOf(Promise);
    await written;
    expect(screen.text()).toBe('Password :');
  });

  it('keeps the order of writes that are not awaited one by one', async () => {
    const screen = new Screen(40, 10);
    screens.push(screen);
    void screen.write('Pass');
    void screen.write('word');
    await screen.write(' : ');
    expect(screen.cursorLine().text).toBe('Password : ');
  });
});

describe('Screen.cursorLine', () => {
  it('gives the prompt the cursor waits after, trailing space included', async () => {
    const screen = await screenWith('Password : ');
    expect(screen.cursorLine()).toEqual({ startRow: 0, text: 'Password : ' });
  });

  it('gives the row where the prompt starts', async () => {
    const screen = await screenWith('abc\r\nPassword : ');
    expect(screen.cursorLine()).toEqual({ startRow: 1, text: 'Password : ' });
  });

  it('is empty on a fresh line after a newline', async () => {
    const screen = await screenWith('Password : \r\n');
    expect(screen.cursorLine()).toEqual({ startRow: 1, text: '' });
  });

  it('gives only the text up to the cursor', async () => {
    const screen = await screenWith('Password : xxxx\x1b[4D');
    expect(screen.cursorLine().text).toBe('Password : ');
  });

  it('joins a prompt that wrapped, and starts it on its first row', async () => {
    const long = `${'A'.repeat(50)} Password : `;
    const screen = await screenWith(`first\r\n${long}`);
    expect(screen.cursorLine()).toEqual({ startRow: 1, text: long });
  });

  it('keeps a prompt that fills the row exactly', async () => {
    const prompt = `${'x'.repeat(29)}Password : `; // 40 characters
    const screen = await screenWith(prompt);
    expect(screen.cursorLine().text).toBe(prompt);
  });

  it('counts rows in the scrollback', async () => {
    const lines = Array.from({ length: 15 }, (_, i) => `line ${i}\r\n`).join('');
    const screen = await screenWith(`${lines}Password : `);
    expect(screen.cursorLine()).toEqual({ startRow: 15, text: 'Password : ' });
  });
});

describe('Screen renders escape sequences and control characters', () => {
  it('clears the screen and homes the cursor (CSI 2J, CSI H)', async () => {
    const screen = await screenWith('old text\r\nmore old text\x1b[2J\x1b[HPassword : ');
    expect(screen.text()).toBe('Password :');
    expect(screen.text()).not.toContain('\x1b');
    expect(screen.text()).not.toContain('[2J');
    expect(screen.cursorLine()).toEqual({ startRow: 0, text: 'Password : ' });
  });

  it('places text by cursor position (CSI row;col H)', async () => {
    const screen = await screenWith('Password : ****\x1b[3;1HConfirm : ');
    expect(screen.text()).toBe('Password : ****\n\nConfirm :');
    expect(screen.text()).not.toContain('\x1b');
    expect(screen.cursorLine()).toEqual({ startRow: 2, text: 'Confirm : ' });
  });

  it('drops colours (SGR) from the text', async () => {
    const screen = await screenWith('\x1b[1;31mERROR\x1b[0m: 0x800706BA: The RPC server is unavailable.');
    expect(screen.text()).toBe('ERROR: 0x800706BA: The RPC server is unavailable.');
  });

  it('erases a character with backspace, space, backspace', async () => {
    const screen = await screenWith('Password : abc\b \b');
    expect(screen.cursorLine().text).toBe('Password : ab');
    expect(screen.text()).toBe('Password : ab');
  });

  it('repaints a line after a carriage return', async () => {
    const screen = await screenWith('Working...\rPassword : ');
    expect(screen.text()).toBe('Password :');
    expect(screen.cursorLine().text).toBe('Password : ');
  });

  it('clears a line with CSI 2K before repainting it', async () => {
    const screen = await screenWith('Please wait, contacting the SSO server\x1b[2K\rReminder : ');
    expect(screen.text()).toBe('Reminder :');
  });
});

describe('Screen.text', () => {
  it('rejoins a wrapped line into one line', async () => {
    const long = `${'B'.repeat(45)} end`;
    const screen = await screenWith(`${long}\r\nnext`);
    expect(screen.text()).toBe(`${long}\nnext`);
  });

  it('keeps a space that falls on the wrap boundary', async () => {
    const screen = await screenWith('abcdefghijklmnopqrs tuv', 20, 5);
    expect(screen.text()).toBe('abcdefghijklmnopqrs tuv');
  });

  it('keeps lines that scrolled off the screen', async () => {
    const lines = Array.from({ length: 15 }, (_, i) => `line ${i}`);
    const screen = await screenWith(lines.join('\r\n'));
    expect(screen.text()).toBe(lines.join('\n'));
  });

  it('keeps inner blank lines and drops trailing ones and trailing spaces', async () => {
    const screen = await screenWith('one   \r\n\r\ntwo\r\n\r\n\r\n');
    expect(screen.text()).toBe('one\n\ntwo');
  });

  it('is empty for an empty screen', async () => {
    const screen = await screenWith('');
    expect(screen.text()).toBe('');
  });
});

describe('Screen.afterCursor', () => {
  it('is empty when the cursor ends its line', async () => {
    const screen = await screenWith('Banner\r\nPassword : ');
    expect(screen.afterCursor()).toBe('');
  });

  it('gives what is drawn beyond the cursor, such as an input field', async () => {
    const screen = await screenWith('Password: ________\u001b[8D');
    expect(screen.cursorLine().text).toBe('Password: ');
    expect(screen.afterCursor()).toBe('________');
  });

  it('follows a line wrapped past the cursor', async () => {
    const screen = await screenWith(`Password: ${'x'.repeat(40)}\u001b[2A\u001b[11G`, 20, 10);
    expect(screen.cursorLine().text).toBe('Password: ');
    expect(screen.afterCursor()).toBe('x'.repeat(40));
  });
});

describe('Screen.lineBefore', () => {
  it('gives the line above a row', async () => {
    const screen = await screenWith('abc\r\nPassword : ');
    expect(screen.lineBefore(1)).toEqual({ startRow: 0, text: 'abc' });
  });

  it('gives nothing above the first row', async () => {
    const screen = await screenWith('Password : ');
    expect(screen.lineBefore(0)).toBeUndefined();
  });

  it('finds a prompt that ended with a newline, above the empty line where the cursor waits', async () => {
    const screen = await screenWith('banner\r\nEnter password:\r\n');
    const cursor = screen.cursorLine();
    expect(cursor).toEqual({ startRow: 2, text: '' });
    expect(screen.lineBefore(cursor.startRow)).toEqual({ startRow: 1, text: 'Enter password:' });
  });

  it('keeps a space on the wrap boundary of the line above', async () => {
    const screen = await screenWith('abcdefghijklmnopqrs tuv\r\nPassword : ', 20, 5);
    expect(screen.lineBefore(2)).toEqual({ startRow: 0, text: 'abcdefghijklmnopqrs tuv' });
  });

  it('gives a wrapped line above as one line, from its first row', async () => {
    const long = 'C'.repeat(50);
    const screen = await screenWith(`top\r\n${long}\r\nPassword : `);
    const cursor = screen.cursorLine();
    expect(cursor.startRow).toBe(3);
    expect(screen.lineBefore(cursor.startRow)).toEqual({ startRow: 1, text: long });
  });
});
