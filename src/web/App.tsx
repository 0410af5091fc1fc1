import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Api, type Me } from './api.ts';
import { href, useRoute, type Route } from './router.ts';
import { canReview, forgetKey, SessionContext, storedKey, storeKey, useSession, type Session } from './session.ts';
import { Calibration } from './pages/Calibration.tsx';
import { Coaching } from './pages/Coaching.tsx';
import { ConversationList } from './pages/ConversationList.tsx';
import { ConversationView } from './pages/ConversationView.tsx';
import { Live } from './pages/Live.tsx';
import { Overview } from './pages/Overview.tsx';
import { Scorecard } from './pages/Scorecard.tsx';
import { Settings } from './pages/Settings.tsx';

type SignIn = { state: 'checking' } | { state: 'out'; error?: string } | { state: 'in'; api: Api; me: Me };

async function check(key: string): Promise<SignIn> {
  const api = new Api(key);
  const me = await api.me();
  if (me.ok) return { state: 'in', api, me: me.data };
  forgetKey();
  return { state: 'out', error: me.status === 401 ? 'That key is unknown or revoked.' : me.message };
}

export function App() {
  const [signIn, setSignIn] = useState<SignIn>(() => (storedKey() ? { state: 'checking' } : { state: 'out' }));
  useEffect(() => {
    const key = storedKey();
    if (key) void check(key).then(setSignIn);
  }, []);
  const signOut = useCallback(() => {
    forgetKey();
    setSignIn({ state: 'out' });
  }, []);
  const session = useMemo<Session | null>(
    () => (signIn.state === 'in' ? { api: signIn.api, me: signIn.me, signOut } : null),
    [signIn, signOut],
  );

  if (signIn.state === 'checking')
    return (
      <main className="signin">
        <h1>Attune</h1>
        <p role="status" className="loading">
          Signing in…
        </p>
      </main>
    );
  if (!session) {
    return (
      <SignInForm
        error={signIn.state === 'out' ? signIn.error : undefined}
        onKey={(key) => {
          storeKey(key);
          setSignIn({ state: 'checking' });
          void check(key).then(setSignIn);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function SignInForm({ error, onKey }: { error: string | undefined; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main className="signin">
      <h1>Attune</h1>
      <p>Empathy analysis for customer conversations. Sign in with your API key.</p>
      <form onSubmit={submit}>
        <label htmlFor="key">API key</label>
        <input
          id="key"
          name="key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          autoFocus={error !== undefined}
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'key-error' : undefined}
        />
        <button type="submit">Sign in</button>
      </form>
      {error ? (
        <p className="error" role="alert" id="key-error">
          {error}
        </p>
      ) : null}
      <p className="muted">
        The key is kept in this tab only (session storage) and sent as a bearer token.{' '}
        <a href="/docs">API documentation</a>
      </p>
    </main>
  );
}

interface NavItem {
  path: string;
  label: string;
  show: (me: Me) => boolean;
}
const NAV: NavItem[] = [
  { path: '', label: 'Overview', show: () => true },
  { path: 'conversations', label: 'Conversations', show: () => true },
  { path: 'scorecard', label: 'Scorecard', show: (me) => me.role === 'agent' },
  { path: 'agents', label: 'Agents', show: (me) => me.role !== 'agent' },
  { path: 'coaching', label: 'Coaching', show: () => true },
  { path: 'calibration', label: 'Calibration', show: canReview },
  { path: 'live', label: 'Live', show: () => true },
  { path: 'settings', label: 'Settings', show: () => true },
];

function Shell() {
  const { me, signOut } = useSession();
  const route = useRoute();
  const current = route.path[0] ?? '';
  // After a move to another page, focus goes to its content (as a page load would put it at the top); not on sign-in.
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) document.getElementById('main')?.focus({ preventScroll: true });
    moved.current = true;
  }, [current]);
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Attune</span>
        <nav aria-label="Pages">
          <ul>
            {NAV.filter((item) => item.show(me)).map((item) => (
              <li key={item.path}>
                <a href={href(item.path ? [item.path] : [])} aria-current={current === item.path ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          <span>{me.name}</span> <span className="role">{me.role}</span>
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { me } = useSession();
  const [first = '', second] = route.path;
  switch (first) {
    case '':
      return <Overview />;
    case 'conversations':
      return second ? <ConversationView id={second} /> : <ConversationList query={route.query} />;
    case 'scorecard':
      return me.agentId ? (
        <Scorecard agentId={me.agentId} />
      ) : (
        <>
          <h1>Your scorecard</h1>
          <p>This agent key has no agent id.</p>
        </>
      );
    case 'agents':
      return second ? <Scorecard agentId={second} /> : <Overview initialGroup="agent" />;
    case 'coaching':
      return <Coaching query={route.query} />;
    case 'calibration':
      return canReview(me) ? (
        <Calibration query={route.query} />
      ) : (
        <>
          <h1>Calibration</h1>
          <p>Calibration is for reviewers (admin, analyst, supervisor).</p>
        </>
      );
    case 'live':
      return <Live query={route.query} />;
    case 'settings':
      return <Settings />;
    default:
      return (
        <>
          <h1>No such page</h1>
          <p>
            <a href={href([])}>Back to the overview</a>
          </p>
        </>
      );
  }
}
