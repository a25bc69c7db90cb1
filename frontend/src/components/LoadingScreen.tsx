/** LoadingScreen fills the window while the app asks who is signed in. */
export function LoadingScreen() {
  return (
    <div className="loading-screen" role="status" aria-live="polite">
      Loading Rota…
    </div>
  );
}
