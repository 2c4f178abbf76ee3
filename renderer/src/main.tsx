// Entry of the renderer bundle: choose the transport once, then render the app.
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { chooseTransport } from './transport';
import './styles/app.css';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App api={chooseTransport()} />);
