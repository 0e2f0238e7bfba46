export function App() {
  return (
    <main>
      <h1>Genrewise</h1>
      <p>Point Genrewise at a music folder to organise it by genre.</p>
    </main>
  );
}
