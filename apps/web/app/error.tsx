'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main">
      <div className="container">
        <div className="card empty">
          <h1>Something went wrong</h1>
          <p>The page failed to load. The service may be restarting; try again in a moment.</p>
          <button type="button" className="btn btn-primary" onClick={reset}>
            Try again
          </button>
        </div>
      </div>
    </main>
  );
}
