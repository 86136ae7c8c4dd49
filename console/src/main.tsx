import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <main>
      <h1>odoo-saas</h1>
      <p>
        <a href="/graphql">API explorer</a>
      </p>
    </main>
  </StrictMode>,
);
