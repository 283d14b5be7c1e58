import { render } from 'preact';
import { App } from './app.tsx';
import { getBridge } from './bridge.ts';

render(<App bridge={getBridge()} />, document.getElementById('root') as HTMLElement);
