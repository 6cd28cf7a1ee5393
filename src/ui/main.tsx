import { createRoot } from 'react-dom/client';

function App() {
  return <main><h1>Kafka Anatomy</h1><p>The visualizer is being built.</p></main>;
}

createRoot(document.getElementById('root')!).render(<App />);
