/** Apollo Sandbox, served by the gateway at `/graphql?sandbox`; it loads from Apollo's CDN, so it needs internet. */
export function SandboxLink({ apiUrl }: { apiUrl: string }) {
  return (
    <a
      href={`${apiUrl}?sandbox`}
      title="Apollo Sandbox loads from Apollo's CDN: it needs an internet connection"
      style={{ fontSize: '0.6em', marginLeft: '1em' }}
    >
      Open in Apollo Sandbox (online)
    </a>
  );
}
