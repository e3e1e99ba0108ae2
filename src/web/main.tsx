/**
 * Entry point of the page: loads what the server knows (schema, targets, roles, the deployment),
 * then mounts the workbench.
 * @module
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { boot, Workbench, type Boot } from './app.js';
import { warmLayout } from './diagram/layout.js';
import './styles.css';

function Root() {
  const [b, setB] = useState<Boot | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    boot().then(setB, (e: Error) => setError(e.message));
  }, []);
  if (error)
    return (
      <div class="boot-error" role="alert">
        <h1>vbrwall</h1>
        <p>The page could not start: {error}</p>
      </div>
    );
  if (!b) return <div class="boot" role="status">Loading vbrwall…</div>;
  return <Workbench boot={b} />;
}

// The layout worker loads while the page asks the server for the deployment.
warmLayout();
render(<Root />, document.getElementById('root')!);
