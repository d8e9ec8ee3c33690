import { Card } from "../components/Card";

export function ErrorPage({ error }: { error: unknown }) {
  // Details go to the console for developers; users get a plain sentence.
  console.error(error);
  return (
    <Card title="Something went wrong">
      <p role="alert">This page failed to load. Reload the page or come back later.</p>
    </Card>
  );
}
