import { describe, expect, it, vi } from 'vitest';
import { CommandError, createCaller, toCommandError, type CallerDeps, type Invoke } from './caller';

const unexpected = (detail: string) => `Erreur inattendue : ${detail}`;

function deps(invoke: Invoke, overrides: Partial<CallerDeps> = {}): CallerDeps {
  return {
    invoke,
    token: () => 'tok-123',
    locale: () => 'fr',
    onSessionLost: vi.fn(),
    unexpected,
    ...overrides,
  };
}

describe('toCommandError', () => {
  it('keeps the code, translated message and field sent by Rust', () => {
    const error = toCommandError(
      { code: 'validation', message: 'L’adresse e-mail est invalide.', field: 'email' },
      unexpected,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('validation');
    expect(error.message).toBe('L’adresse e-mail est invalide.');
    expect(error.field).toBe('email');
  });

  it('reads a missing field as null', () => {
    expect(toCommandError({ code: 'forbidden', message: 'Accès refusé.' }, unexpected).field).toBeNull();
  });

  it('maps a bare string rejection from Tauri to an internal error worded in the UI language', () => {
    const error = toCommandError('command call not found', unexpected);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Erreur inattendue : command call not found');
    expect(error.field).toBeNull();
  });

  it('maps a JavaScript exception to an internal error carrying its message', () => {
    const error = toCommandError(new TypeError('boom'), unexpected);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Erreur inattendue : boom');
  });

  it('does not take an object with a non-string message for a Rust payload', () => {
    expect(toCommandError({ code: 'validation', message: 42 }, unexpected).code).toBe('internal');
  });

  it('returns a CommandError unchanged', () => {
    const original = new CommandError({ code: 'conflict', message: 'Déjà pris.', field: null });
    expect(toCommandError(original, unexpected)).toBe(original);
  });
});

describe('createCaller', () => {
  it('sends one `call` command with the command name, args, token and locale', async () => {
    const invoke = vi.fn<Invoke>().mockResolvedValue({ initialized: true });
    const call = createCaller(deps(invoke, { locale: () => 'en' }));

    await expect(call('setup.status', {})).resolves.toEqual({ initialized: true });
    expect(invoke).toHaveBeenCalledWith('call', {
      command: 'setup.status',
      args: {},
      token: 'tok-123',
      locale: 'en',
    });
  });

  it('sends a null token before anyone signs in', async () => {
    const invoke = vi.fn<Invoke>().mockResolvedValue(null);
    const call = createCaller(deps(invoke, { token: () => null }));
    await call('auth.login', { email: 'a@b.sn', password: 'x' });
    expect(invoke.mock.calls[0]?.[1]).toMatchObject({ token: null, args: { email: 'a@b.sn', password: 'x' } });
  });

  it('rethrows a Rust rejection as a typed CommandError without ending the session', async () => {
    const onSessionLost = vi.fn();
    const invoke = vi.fn<Invoke>().mockRejectedValue({
      code: 'invalid_credentials',
      message: 'Adresse e-mail ou mot de passe incorrect.',
      field: null,
    });
    const call = createCaller(deps(invoke, { onSessionLost }));

    const error = await call('auth.login', { email: 'a@b.sn', password: 'bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: 'invalid_credentials', message: 'Adresse e-mail ou mot de passe incorrect.' });
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  it('flags a damaged database before rethrowing, without ending the session as lost', async () => {
    const onSessionLost = vi.fn();
    const onDatabaseDamaged = vi.fn();
    const invoke = vi.fn<Invoke>().mockRejectedValue({
      code: 'database_damaged',
      message: 'La base de données de ce poste est endommagée.',
      field: null,
    });
    const call = createCaller(deps(invoke, { onSessionLost, onDatabaseDamaged }));

    const error = await call('auth.me', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'database_damaged' });
    expect(onDatabaseDamaged).toHaveBeenCalledOnce();
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  it.each(['unauthenticated', 'session_expired'] as const)('ends the session when Rust answers %s', async (code) => {
    const onSessionLost = vi.fn();
    const invoke = vi.fn<Invoke>().mockRejectedValue({ code, message: 'Votre session a expiré.', field: null });
    const call = createCaller(deps(invoke, { onSessionLost }));

    await expect(call('accounts.list', { query: null, role: null })).rejects.toMatchObject({ code });
    expect(onSessionLost).toHaveBeenCalledTimes(1);
    expect(onSessionLost.mock.calls[0]?.[0]).toMatchObject({ code, message: 'Votre session a expiré.' });
  });
});
