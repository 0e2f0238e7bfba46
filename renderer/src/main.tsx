import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { forgetTokenInAddressBar } from './api/http-client';
import { selectTransport } from './api/select-transport';
import { setTransport } from './api/transport';
import { App, startLoading } from './App';
import './styles/global.css';

// When the app's bundle began to run (every import above is evaluated): the boot script's early
// request (boot/boot.ts) went out before this; tests and the scroll bench compare the two.
performance.mark('genrewise:app-start');

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
