import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { Field } from '../../ui/field';
import { slugify } from './slug';
import { CREATE_TENANT } from './tenants.documents';

export function CreateTenantPage() {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [create, { loading, error }] = useMutation(CREATE_TENANT, { refetchQueries: ['Me'], awaitRefetchQueries: true });
  const navigate = useNavigate();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { data } = await create({ variables: { input: { name, slug } } }).catch(() => ({ data: undefined }));
    if (data) navigate(`/orgs/${data.createTenant.id}/instances`);
  };
  return (
    <main>
      <h1>New organization</h1>
      <p>An organization owns instances and pays for them; you become its owner, on the trial plan.</p>
      <form onSubmit={submit} aria-label="New organization">
        <Field
          label="Name"
          required
          maxLength={100}
          value={name}
          onValue={(value) => {
            setName(value);
            if (!slugEdited) setSlug(slugify(value));
          }}
        />
        <Field
          label="Slug"
          required
          pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?"
          maxLength={63}
          value={slug}
          hint="Lower-case letters, digits and inner hyphens."
          onValue={(value) => {
            setSlugEdited(true);
            setSlug(value);
          }}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={loading}>
          Create organization
        </button>
      </form>
    </main>
  );
}
