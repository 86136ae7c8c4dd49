import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { endpoint } from '../api/endpoint';
import { explorerFetcher } from './explorer-fetcher';
import { DEFAULT_HEADERS } from './headers';
import { SandboxLink } from './sandbox-link';
import { operationFromUrl } from './url-state';

const DEFAULT_QUERY = `# The odoo-saas API. Anonymous: plans, signUp, logIn.
# Paste the accessToken of logIn into the Authorization header below for the rest;
# subscriptions run over graphql-ws with the same header.

{
  plans {
    code
    name
    priceCents
    currency
  }
}
`;

// The explorer (click a query together) opens first; documentation and history stay one click away.
const explorer = explorerPlugin();
const plugins = [explorer, HISTORY_PLUGIN];
const fetcher = explorerFetcher(endpoint);
const shared = operationFromUrl(window.location.search);

const root = document.getElementById('explorer');
if (!root) throw new Error('#explorer is missing');
createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      visiblePlugin={explorer}
      defaultQuery={DEFAULT_QUERY}
      initialQuery={shared.query}
      initialVariables={shared.variables}
      defaultHeaders={DEFAULT_HEADERS}
      defaultEditorToolsVisibility="headers"
      shouldPersistHeaders={false}
    >
      <GraphiQL.Logo>
        odoo-saas API <SandboxLink apiUrl={endpoint.httpUrl} />
      </GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);
