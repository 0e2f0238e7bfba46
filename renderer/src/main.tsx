import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetTokenInAddressBar } from './api/http-client';
import { selectTransport } from './api/select-transport';
import { setTransport } from './api/transport';
import { App, startLoading } from './App';
import './styles/global.css';

const transport = selectTransport(window);
setTransport(transport);
if (transport.client.kind === 'http') forgetTokenInAddressBar(window.location, window.history);
startLoading(window.location.hash);

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
