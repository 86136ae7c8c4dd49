import { useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { useSession } from '../../app/session-context';
import { ErrorMessage } from '../../ui/error-message';
import { Field } from '../../ui/field';
import { useMe } from '../tenants/use-me';
import { CHANGE_PASSWORD, LOG_OUT_EVERYWHERE, REQUEST_EMAIL_VERIFICATION, UPDATE_PROFILE } from './profile.documents';

export function ProfilePage() {
  const { me } = useMe();
  const { signOut } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState('');
  const [timeZone, setTimeZone] = useState('');
  useEffect(() => {
    if (!me) return;
    setDisplayName(me.displayName);
    setLocale(me.locale);
    setTimeZone(me.timeZone);
  }, [me]);
  const [update, updating] = useMutation(UPDATE_PROFILE);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [changePassword, changing] = useMutation(CHANGE_PASSWORD);
  const [requestVerification, requesting] = useMutation(REQUEST_EMAIL_VERIFICATION);
  const [logOutEverywhere] = useMutation(LOG_OUT_EVERYWHERE);
  const saveProfile = (event: FormEvent) => {
    event.preventDefault();
    void update({ variables: { input: { displayName, locale, timeZone } } }).catch(() => undefined);
  };
  const savePassword = async (event: FormEvent) => {
    event.preventDefault();
    const result = await changePassword({ variables: { currentPassword, newPassword } }).catch(() => undefined);
    if (result?.data) {
      setCurrentPassword('');
      setNewPassword('');
    }
  };
  return (
    <main>
      <h1>Profile</h1>
      {me && (
        <p>
          {me.email} · {me.emailVerified ? 'confirmed' : 'not confirmed yet'}{' '}
          {!me.emailVerified && (
            <button type="button" disabled={requesting.loading || Boolean(requesting.data)} onClick={() => void requestVerification().catch(() => undefined)}>
              {requesting.data ? 'Confirmation email sent' : 'Send the confirmation email again'}
            </button>
          )}
        </p>
      )}
      <form onSubmit={saveProfile} aria-label="Profile" className="panel">
        <Field label="Display name" required maxLength={80} value={displayName} onValue={setDisplayName} />
        <Field label="Language" value={locale} onValue={setLocale} hint="A BCP 47 tag, e.g. en-US or fr-BE." />
        <Field label="Time zone" value={timeZone} onValue={setTimeZone} hint="An IANA time zone, e.g. Europe/Brussels." />
        <ErrorMessage error={updating.error} />
        {updating.data && <p role="status">Saved.</p>}
        <button type="submit" className="primary" disabled={updating.loading}>
          Save profile
        </button>
      </form>
      <form onSubmit={savePassword} aria-label="Change password" className="panel">
        <h2>Change password</h2>
        <Field label="Current password" type="password" autoComplete="current-password" required value={currentPassword} onValue={setCurrentPassword} />
        <Field label="New password" type="password" autoComplete="new-password" required minLength={10} value={newPassword} onValue={setNewPassword} />
        <ErrorMessage error={changing.error} />
        {changing.data && <p role="status">Password changed; your other sessions were signed out.</p>}
        <button type="submit" disabled={changing.loading}>
          Change password
        </button>
      </form>
      <section className="panel" aria-labelledby="sessions">
        <h2 id="sessions">Sessions</h2>
        <button type="button" onClick={() => void logOutEverywhere().finally(() => void signOut())}>
          Sign out on every device
        </button>
      </section>
    </main>
  );
}
